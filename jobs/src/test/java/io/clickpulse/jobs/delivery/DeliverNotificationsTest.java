package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.delivery.FakeReceiver.Reply;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.Mailboxes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery operator against a real local HTTP receiver, with processing time driven by the test
 * harness: retries, Retry-After, timeouts, 410, rate limit, restarts, signatures.
 */
class DeliverNotificationsTest {
  private static final String NEW_SECRET = secret(1);
  private static final String OLD_SECRET = secret(2);
  private static final long T0 = System.currentTimeMillis();

  private FakeReceiver receiver;
  private HostileReceiver trickling;
  private DeliverNotifications function;
  private KeyedOneInputStreamOperatorTestHarness<String, Notification, DeliveryAttempt> harness;

  @BeforeEach
  void start() throws Exception {
    receiver = new FakeReceiver();
    trickling = new HostileReceiver(HostileReceiver.Behaviour.TRICKLE);
    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.open();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    receiver.close();
    trickling.close();
    // Every webhook body the tests sent is a valid payload (docs/schemas).
    receiver.requests.stream()
        .filter(r -> r.path().equals("/hook"))
        .forEach(r -> JsonSchemas.assertValidWebhookBody(r.body()));
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Notification, DeliveryAttempt> newHarness()
      throws Exception {
    String yaml =
        "destinations:\n"
            + "  hook: { type: webhook, url: '"
            + receiver.url("/hook")
            + "', secrets-env: HOOK_SECRETS, max-per-second: 1 }\n"
            + "  slack: { type: slack, url-env: SLACK_URL }\n"
            + "  slow: { type: slack, url-env: SLOW_URL }\n"
            + "routes: [ { to: [hook] } ]\n"
            + "retry: { delays: ['1 s', '2 s', '4 s'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'], connect-timeout: '1 s', read-timeout: '500 ms' }\n";
    Map<String, String> env =
        Map.of(
            "HOOK_SECRETS",
            NEW_SECRET + " " + OLD_SECRET,
            "SLACK_URL",
            receiver.url("/services/T000/B000/SECRETTOKEN"),
            "SLOW_URL",
            trickling.url("/slow"));
    DeliverNotifications.SerializableEnvironment environment = env::get;
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            "test.yaml",
            environment);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new DeliverOperator(function = new DeliverNotifications(config, environment)),
        n -> n.destination,
        Types.STRING);
  }

  @Test
  void signedWebhookIsDeliveredOnceAndVerifiesWithEitherRotatedSecret() throws Exception {
    send(notification("hook", "a1"));

    assertEquals(1, receiver.requests.size());
    FakeReceiver.Request r = receiver.requests.get(0);
    Map<String, List<String>> headers =
        Map.of(
            "webhook-id", List.of(r.header("webhook-id")),
            "webhook-timestamp", List.of(r.header("webhook-timestamp")),
            "webhook-signature", List.of(r.header("webhook-signature")));
    new Webhook(NEW_SECRET).verify(r.body(), headers);
    new Webhook(OLD_SECRET).verify(r.body(), headers);
    assertEquals("a1.firing", r.header("webhook-id"));
    assertTrue(r.body().startsWith("{\"type\":\"alert.firing\""), r.body());
    assertEquals(List.of("delivered"), outcomes());
    assertEquals(0, harness.numProcessingTimeTimers(), "no lease or other timer left");
    assertEquals(0, function.sendsInFlight());
  }

  @Test
  void serverErrorsAreRetriedOnScheduleWithTheSameWebhookId() throws Exception {
    receiver.then(Reply.status(500), Reply.status(503));
    send(notification("hook", "a1"));
    assertEquals(1, receiver.requests.size());

    advanceTo(T0 + 999);
    assertEquals(1, receiver.requests.size(), "not before the first delay");
    advanceTo(T0 + 1000);
    assertEquals(2, receiver.requests.size());
    advanceTo(T0 + 3000);
    assertEquals(3, receiver.requests.size());

    assertEquals(List.of("retry", "retry", "delivered"), outcomes());
    assertEquals(1, receiver.requests.stream().map(q -> q.header("webhook-id")).distinct().count());
  }

  @Test
  void tooManyRequestsWaitsForRetryAfter() throws Exception {
    receiver.then(new Reply(429, "10", 0));
    send(notification("hook", "a1"));

    advanceTo(T0 + 9_999);
    assertEquals(1, receiver.requests.size(), "Retry-After 10 s beats the 1 s schedule");
    advanceTo(T0 + 10_000);
    assertEquals(2, receiver.requests.size());
    assertEquals(List.of("retry", "delivered"), outcomes());
  }

  @Test
  void aSlowReceiverTimesOutAndIsRetried() throws Exception {
    receiver.then(new Reply(200, null, 2_000));
    send(notification("hook", "a1"));
    advanceTo(T0 + 1_000);

    List<DeliveryAttempt> attempts = harness.extractOutputValues();
    assertEquals("timed out", attempts.get(0).error);
    assertEquals(List.of("retry", "delivered"), outcomes());
  }

  @Test
  void afterTheLastAttemptTheNotificationIsDeadLettered() throws Exception {
    receiver.then(Reply.status(502), Reply.status(502), Reply.status(502), Reply.status(502));
    send(notification("hook", "a1"));
    advanceTo(T0 + 1_000);
    advanceTo(T0 + 3_000);
    advanceTo(T0 + 7_000);

    assertEquals(List.of("retry", "retry", "retry", "dead_letter"), outcomes());
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(1, dead.size());
    assertEquals("a1.firing", dead.get(0).webhookId);
    assertEquals(4, dead.get(0).attempts);
  }

  @Test
  void clientErrorsFailWithoutRetry() throws Exception {
    receiver.then(Reply.status(400));
    send(notification("hook", "a1"));
    advanceTo(T0 + 60_000);

    assertEquals(1, receiver.requests.size());
    assertEquals(List.of("failed"), outcomes());
    assertEquals(1, deadLetters().size());
  }

  @Test
  void goneDisablesTheDestinationAndSaysSo() throws Exception {
    receiver.then(Reply.status(410));
    send(notification("hook", "a1"));
    send(notification("hook", "a2"));
    advanceTo(T0 + 60_000);

    assertEquals(1, receiver.requests.size(), "nothing more goes to a destination that is gone");
    assertEquals(2, deadLetters().size());
    assertTrue(deadLetters().get(1).reason.contains("410"), deadLetters().get(1).reason);
  }

  @Test
  void atMostOneMessagePerSecondPerDestination() throws Exception {
    send(notification("hook", "a1"), notification("hook", "a2"), notification("hook", "a3"));
    assertEquals(1, receiver.requests.size());
    advanceTo(T0 + 999);
    assertEquals(1, receiver.requests.size());
    advanceTo(T0 + 1_000);
    assertEquals(2, receiver.requests.size());
    advanceTo(T0 + 2_000);
    assertEquals(3, receiver.requests.size());
  }

  @Test
  void aRestoredJobDoesNotSendAgainWhatWasDelivered() throws Exception {
    send(notification("hook", "a1"));
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
    harness.close();

    harness = newHarness();
    harness.setProcessingTime(T0 + 5_000);
    harness.initializeState(checkpoint);
    harness.open();
    send(notification("hook", "a1"), notification("hook", "a2"));
    advanceTo(T0 + 10_000);

    assertEquals(
        List.of("a1.firing", "a2.firing"),
        receiver.requests.stream().map(r -> r.header("webhook-id")).toList());
  }

  @Test
  void aTricklingReceiverHoldsNeitherAnotherDestinationNorTheTask() throws Exception {
    harness.processElement(new StreamRecord<>(notification("slow", "a1")));
    harness.processElement(new StreamRecord<>(notification("hook", "a2")));
    harness.setProcessingTime(T0); // both sends start; neither waits for the other

    runNextResult();
    assertEquals(List.of("delivered"), outcomes(), "the hook answered while the slow one trickled");
    assertEquals("a2.firing", harness.extractOutputValues().get(0).webhookId);
    assertEquals(1, function.sendsInFlight(), "the trickling send is still under way");

    settle(); // the slow one ends at its deadline (connect 1 s + read 500 ms)
    DeliveryAttempt slow = harness.extractOutputValues().get(1);
    assertEquals("a1.firing", slow.webhookId);
    assertEquals("retry", slow.outcome);
    assertEquals("timed out", slow.error);
    assertTrue(slow.latencyMillis >= 1_500, "cut at the deadline: " + slow.latencyMillis);
  }

  @Test
  void aSendInFlightAtACheckpointIsSentAgainAfterRestore() throws Exception {
    receiver.then(new Reply(200, null, 3_000)); // answers after the checkpoint
    harness.processElement(new StreamRecord<>(notification("hook", "a1")));
    harness.setProcessingTime(T0);
    io.clickpulse.jobs.testing.Await.until(
        "the first request to arrive",
        java.time.Duration.ofSeconds(10),
        () -> !receiver.requests.isEmpty());
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
    harness.close();

    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.initializeState(checkpoint);
    harness.open();
    long lease = T0 + 1_500 + DeliverNotifications.LEASE_MARGIN_MILLIS;
    advanceTo(lease - 1);
    assertEquals(1, receiver.requests.size(), "not before the lease of the lost send ends");
    advanceTo(lease);

    assertEquals(
        List.of("a1.firing", "a1.firing"),
        receiver.requests.stream().map(r -> r.header("webhook-id")).toList());
    assertEquals(List.of("delivered"), outcomes());
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void slackGetsBlockKitAndSecretsNeverAppearInRecords() throws Exception {
    receiver.then(Reply.status(500), Reply.status(400));
    send(notification("slack", "a1"));
    advanceTo(T0 + 1_000);

    FakeReceiver.Request r = receiver.requests.get(0);
    assertEquals("/services/T000/B000/SECRETTOKEN", r.path());
    assertTrue(r.body().contains("\"blocks\":[{\"type\":\"header\""), r.body());
    String records =
        harness.extractOutputValues().toString()
            + errors()
            + deadLetters().stream().map(d -> d.reason).toList();
    assertFalse(records.contains("SECRETTOKEN"), records);
    assertFalse(records.contains(NEW_SECRET.substring(6)), records);
  }

  @Test
  void aRetryAfterBeyondMaxWaitDeadLettersInsteadOfOverflowingOrParking() throws Exception {
    receiver.then(new Reply(429, "9223372036854775807", 0), new Reply(503, "86400", 0));
    send(notification("hook", "a1"));
    advanceTo(T0 + 1_000);
    send(notification("hook", "a2"));

    assertEquals(List.of("dead_letter", "dead_letter"), outcomes());
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(List.of("a1.firing", "a2.firing"), dead.stream().map(d -> d.webhookId).toList());
    assertTrue(
        dead.get(0)
            .reason
            .startsWith(
                "receiver asked to retry after 9223372036854775807 s, beyond retry.max-wait (3600 s)"),
        dead.get(0).reason);
    assertTrue(dead.get(1).reason.contains("after 86400 s"), dead.get(1).reason);
    assertEquals(0, harness.numProcessingTimeTimers(), "nothing parked");
  }

  @Test
  void aNotificationThatCannotBeBuiltIsDeadLetteredAndTheNextIsDelivered() throws Exception {
    Notification nullEvidence = notification("slack", "poison-evidence");
    nullEvidence.alert.evidence = null; // as an alert record with "evidence": null once did
    Notification nullList = notification("slack", "poison-links");
    nullList.alert.context.topLinks = null;
    Notification noAlert = notification("hook", "poison-alert");
    noAlert.alert = null; // rendering the webhook body throws
    send(nullEvidence, nullList, notification("slack", "ok-slack"), noAlert);
    send(notification("hook", "ok-hook"));
    advanceTo(T0 + 1_000); // one per second per destination
    advanceTo(T0 + 2_000);

    assertEquals(
        List.of("ok-hook.firing", "ok-slack.firing"),
        harness.extractOutputValues().stream()
            .filter(a -> "delivered".equals(a.outcome))
            .map(a -> a.webhookId)
            .sorted()
            .toList());
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(
        List.of("poison-alert.firing", "poison-evidence.firing", "poison-links.firing"),
        dead.stream().map(d -> d.webhookId).sorted().toList());
    for (DeliveryDeadLetter d : dead) {
      assertTrue(d.reason.startsWith("processing_error: java.lang.NullPointerException"), d.reason);
      assertEquals(1, d.attempts);
    }
    assertTrue(
        dead.stream()
            .anyMatch(d -> d.reason.contains("Messages.evidence") && d.reason.contains("evidence")),
        "the reason says where: " + dead);
    assertEquals(2, receiver.requests.size(), "the poison ones were never sent");
    assertEquals(0, harness.numProcessingTimeTimers(), "nothing left queued");

    advanceTo(T0 + 600_000);
    assertEquals(2, receiver.requests.size(), "and never retried");
  }

  @Test
  void slackFallbackTextAndBlocksCannotMentionTheChannel() throws Exception {
    Notification n = notification("slack", "a<!channel>");
    n.alert.subjectId = "<!channel>";
    n.alert.linkId = "<!channel>";
    n.alert.reason = "link <!here|x> & <https://evil.example|click>: spike";
    send(n);

    String body = receiver.requests.get(0).body();
    JsonNode message = Json.MAPPER.readTree(body);
    // Slack parses mentions and links in the fallback text and in mrkdwn, not in plain_text.
    List<String> parsed = new java.util.ArrayList<>();
    parsed.add(message.get("text").asText());
    message
        .findParents("type")
        .forEach(
            node -> {
              if ("mrkdwn".equals(node.get("type").asText())) {
                parsed.add(node.get("text").asText());
              }
            });
    assertEquals(8, parsed.size(), body); // fallback text, reason and the six fields
    for (String text : parsed) {
      assertFalse(text.contains("<!") || text.contains("<http"), text);
    }
    String text = message.get("text").asText();
    assertTrue(
        text.endsWith(
            "on link &lt;!channel&gt; (firing): link &lt;!here|x&gt; &amp;"
                + " &lt;https://evil.example|click&gt;: spike"),
        text);
  }

  private String errors() {
    return harness.extractOutputValues().stream().map(a -> a.error).toList().toString();
  }

  private List<String> outcomes() {
    return harness.extractOutputValues().stream().map(a -> a.outcome).toList();
  }

  private List<DeliveryDeadLetter> deadLetters() {
    var side = harness.getSideOutput(DeliverNotifications.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private void send(Notification... notifications) throws Exception {
    for (Notification n : notifications) {
      harness.processElement(new StreamRecord<>(n));
    }
    // Timers due now fire when processing time is set; in a job they fire at once.
    harness.setProcessingTime(harness.getProcessingTime());
    settle();
  }

  private void advanceTo(long time) throws Exception {
    harness.setProcessingTime(time);
    settle();
  }

  /** Lets every send under way answer, handling each result as the task's mailbox would. */
  private void settle() throws Exception {
    while (function.sendsInFlight() > 0) {
      runNextResult();
    }
  }

  /** Waits for the next send's result to reach the mailbox, then handles it. */
  private void runNextResult() throws Exception {
    Mailboxes.runNext(harness.getTaskMailbox(), "send answered");
    harness.setProcessingTime(harness.getProcessingTime()); // the timer the result fired
  }

  static Notification notification(String destination, String alertId) {
    Alert a = new Alert();
    a.alertId = alertId;
    a.rule = "spike";
    a.severity = "info";
    a.status = "firing";
    a.subjectType = "link";
    a.subjectId = "l1";
    a.linkId = "l1";
    a.campaignId = "c1";
    a.owner = "ana@shop.example";
    a.windowStart = T0 - 120_000;
    a.windowEnd = T0;
    a.observed = 150;
    a.expected = 10;
    a.reason = "link l1: human clicks per minute jumped to 150 from about 10";
    a.fingerprint = AlertIds.fingerprint(a.rule, a.subjectType, a.subjectId);
    Notification n = Notification.of(destination, a, 0);
    return n;
  }

  /** A message body as the delivery operator sends it. */
  static HttpDelivery.Body body() {
    return notification("hook", "a1").body();
  }

  private static String secret(int seed) {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, (byte) seed);
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
