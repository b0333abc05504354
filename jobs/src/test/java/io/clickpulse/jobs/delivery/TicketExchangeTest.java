package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.delivery.HostileReceiver.Behaviour;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link HttpDelivery#exchangeAsync}, the ticket destinations' request: any method, the answer's
 * body returned, and the same deadline, body cap and outbound policy as every send.
 */
@Timeout(60)
class TicketExchangeTest {
  private static final String TOKEN = "ghp_exchange";

  private final HttpDelivery http =
      new HttpDelivery(
          Duration.ofMillis(300), Duration.ofMillis(700), new OutboundPolicy(Set.of("127.0.0.1")));

  @AfterEach
  void close() {
    http.close();
  }

  @Test
  void aPatchAndAPostGoWithTheirBodyAndTheCreatedIssueComesBack() throws Exception {
    try (var github = new FakeGitHub(TOKEN)) {
      Map<String, String> headers =
          Map.of(
              "Authorization", "Bearer " + TOKEN,
              "Accept", "application/vnd.github+json",
              "X-GitHub-Api-Version", "2022-11-28");
      HttpDelivery.Exchange opened =
          http.exchangeAsync(
                  "POST",
                  github.url() + "/issues",
                  headers,
                  "{\"title\":\"t\",\"body\":\"b\",\"labels\":[\"clickpulse\"]}")
              .get(10, TimeUnit.SECONDS);
      assertEquals(201, opened.result().status());
      assertTrue(opened.body().contains("\"number\":1"), opened.body());

      HttpDelivery.Exchange closed =
          http.exchangeAsync("PATCH", github.url() + "/issues/1", headers, "{\"state\":\"closed\"}")
              .get(10, TimeUnit.SECONDS);
      assertEquals(200, closed.result().status());
      assertEquals("closed", github.issues.get(1).state);
      assertEquals(java.util.List.of(), github.problems);
    }
  }

  @Test
  void aHugeAnswerIsReadOnlyUpToTheCap() throws Exception {
    try (var receiver = new HostileReceiver(Behaviour.HUGE)) {
      HttpDelivery.Exchange x =
          http.exchangeAsync("GET", receiver.url("/h"), Map.of(), null).get(30, TimeUnit.SECONDS);
      assertEquals(500, x.result().status());
      assertEquals(HttpDelivery.MAX_BODY_BYTES, x.body().length());
    }
  }

  @Test
  void aTrickledAnswerEndsAtTheDeadline() throws Exception {
    try (var receiver = new HostileReceiver(Behaviour.TRICKLE)) {
      HttpDelivery.Exchange x =
          http.exchangeAsync("GET", receiver.url("/t"), Map.of(), null).get(30, TimeUnit.SECONDS);
      assertEquals(0, x.result().status());
      assertEquals("timed out", x.result().error());
      assertEquals("", x.body());
    }
  }

  @Test
  void theOutboundPolicyRefusesAndABadHeaderThrowsToTheCaller() throws Exception {
    HttpDelivery.Exchange refused =
        http.exchangeAsync("GET", "http://10.1.2.3/repos/a/b/issues", Map.of(), null)
            .get(10, TimeUnit.SECONDS);
    assertEquals(HttpDelivery.REFUSED, refused.result().status());
    assertTrue(refused.result().error().startsWith("refused by outbound policy"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            http.exchangeAsync(
                "GET", "http://127.0.0.1:9/x", Map.of("Authorization", "Bearer a\r\nX: y"), null));
  }
}
