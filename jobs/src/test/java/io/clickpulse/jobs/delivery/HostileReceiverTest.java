package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.delivery.HostileReceiver.Behaviour;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a receiver answers cannot hold or flood the sender: {@link HttpDelivery} against real
 * sockets that trickle, flood and redirect. Without the deadline and the cap these tests would hang
 * on the trickle or read 4 GB: the class timeout turns that into a failure.
 */
@Timeout(60)
class HostileReceiverTest {
  private static final Duration CONNECT = Duration.ofMillis(300);
  private static final Duration READ = Duration.ofMillis(700);

  private final HttpDelivery http =
      new HttpDelivery(CONNECT, READ, new OutboundPolicy(Set.of("127.0.0.1")));

  @AfterEach
  void close() {
    http.close(); // its I/O thread
  }

  private static DeliveryConfig.ResolvedDestination slack(String url) {
    return new DeliveryConfig.ResolvedDestination("s", "slack", url, List.of(), 1);
  }

  @Test
  void aTrickledBodyIsCutOffAtTheDeadlineOfTheWholeExchange() throws Exception {
    try (var receiver = new HostileReceiver(Behaviour.TRICKLE)) {
      HttpDelivery.Result r =
          http.send(slack(receiver.url("/t")), "w1", DeliverNotificationsTest.body(), 0);

      // The headers came at once, so only a deadline over the body can end it.
      assertEquals(0, r.status());
      assertEquals("timed out", r.error());
      long deadline = CONNECT.plus(READ).toMillis();
      assertTrue(
          r.latencyMillis() >= deadline && r.latencyMillis() < deadline + 5_000,
          "ended at the deadline, took " + r.latencyMillis());
      assertTrue(receiver.hungUp.await(10, TimeUnit.SECONDS), "the connection was closed");
      assertEquals(RetrySchedule.Outcome.RETRY, RetrySchedule.classify(r.status()));
    }
  }

  @Test
  void aHugeBodyIsReadOnlyUpToTheCapAndTheStatusStillCounts() throws Exception {
    try (var receiver = new HostileReceiver(Behaviour.HUGE)) {
      HttpDelivery.Result r =
          http.send(slack(receiver.url("/h")), "w1", DeliverNotificationsTest.body(), 0);

      assertEquals(500, r.status());
      assertEquals("HTTP 500: " + "e".repeat(200), r.error());
      assertTrue(receiver.hungUp.await(10, TimeUnit.SECONDS), "the sender hung up");
      // What the receiver got out before the hang-up: the cap plus what socket buffers held.
      assertTrue(
          receiver.bodyBytesWritten.get() < 64L << 20,
          "read far less than the 4 GB: " + receiver.bodyBytesWritten.get());
    }
  }

  @Test
  void aRedirectIsNotFollowedAndFailsTheAttempt() throws Exception {
    try (var receiver = new HostileReceiver(Behaviour.REDIRECT)) {
      HttpDelivery.Result r =
          http.send(slack(receiver.url("/r")), "w1", DeliverNotificationsTest.body(), 0);

      assertEquals(302, r.status());
      assertEquals(1, receiver.requests.get(), "the Location was not requested");
      assertEquals(RetrySchedule.Outcome.FAILED, RetrySchedule.classify(r.status()));
    }
  }

  /**
   * DNS pinning: the client resolves names only through the outbound policy and connects to what it
   * checked. {@code receiver.test} exists only in this test's resolver (.test names never resolve
   * in DNS, RFC 6761), so reaching the receiver proves the client used the policy's answer.
   */
  @Test
  void theClientConnectsToTheAddressesThePolicyCheckedAndToNoOthers() throws Exception {
    List<String> lookups = new CopyOnWriteArrayList<>();
    OutboundPolicy.Resolver loopback =
        host -> {
          lookups.add(host);
          return new InetAddress[] {InetAddress.getLoopbackAddress()};
        };
    try (var receiver = new HostileReceiver(Behaviour.REDIRECT);
        var allowed =
            new HttpDelivery(CONNECT, READ, new OutboundPolicy(Set.of("receiver.test"), loopback));
        var strict = new HttpDelivery(CONNECT, READ, new OutboundPolicy(Set.of(), loopback))) {
      String url = receiver.url("/p").replace("127.0.0.1", "receiver.test");

      HttpDelivery.Result reached =
          allowed.send(slack(url), "w1", DeliverNotificationsTest.body(), 0);
      assertEquals(302, reached.status(), "the receiver answered: " + reached.error());
      assertEquals(List.of("receiver.test"), lookups, "one lookup, through the policy");

      // Not allowed by name, the same answer is internal: refused before any connection.
      HttpDelivery.Result refused =
          strict.send(
              slack(url.replace("http:", "https:")), "w2", DeliverNotificationsTest.body(), 0);
      assertEquals(HttpDelivery.REFUSED, refused.status(), refused.error());
      assertTrue(refused.error().contains("internal address"), refused.error());
      assertEquals(1, receiver.requests.get(), "only the allowed send reached the receiver");
    }
  }

  /**
   * DNS rebinding: a name that answers a public address to the first lookup and loopback to every
   * later one. The exchange resolves it once, connects to the public address (unreachable here or
   * silent: a failure either way), and never reaches the loopback receiver.
   */
  @Test
  void aNameRepointedAfterItsCheckDoesNotReachTheInternalAddress() throws Exception {
    AtomicInteger lookups = new AtomicInteger();
    OutboundPolicy.Resolver rebinding =
        host ->
            new InetAddress[] {
              lookups.getAndIncrement() == 0
                  ? InetAddress.getByAddress(host, new byte[] {8, 8, 8, 8})
                  : InetAddress.getLoopbackAddress()
            };
    try (var receiver = new HostileReceiver(Behaviour.REDIRECT);
        var pinned = new HttpDelivery(CONNECT, READ, new OutboundPolicy(Set.of(), rebinding))) {
      String url = receiver.url("/p").replace("http://127.0.0.1", "https://rebind.test");

      HttpDelivery.Result r = pinned.send(slack(url), "w1", DeliverNotificationsTest.body(), 0);

      assertEquals(0, r.status(), "no answer from the public address: " + r.error());
      assertEquals(1, lookups.get(), "resolved once: the checked answer is the one connected to");
      assertEquals(0, receiver.requests.get(), "nothing reached the loopback receiver");
    }
  }
}
