package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.delivery.HostileReceiver.Behaviour;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
}
