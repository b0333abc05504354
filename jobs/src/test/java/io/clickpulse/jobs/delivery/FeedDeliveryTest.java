package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.clickpulse.jobs.delivery.FakeReceiver.Reply;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.link.ClickFeedItem;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.Mailboxes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Feed batches through the alerts' delivery operator to a real local receiver: signed like alerts,
 * retried with the same webhook-id, dead-lettered with their items, recorded as {@code
 * feed:<name>}.
 */
class FeedDeliveryTest {
  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  private static final long T0 = System.currentTimeMillis();
  static final String BATCH_SCHEMA = "https://clickpulse.io/schemas/click-feed-batch.schema.json";

  private FakeReceiver receiver;
  private DeliverNotifications function;
  private KeyedOneInputStreamOperatorTestHarness<String, Notification, DeliveryAttempt> harness;

  @BeforeEach
  void start() throws Exception {
    receiver = new FakeReceiver();
    String yaml =
        "destinations:\n"
            + "  cdp: { type: webhook, url: '"
            + receiver.url("/feed")
            + "', secrets-env: CDP_SECRETS, max-per-second: 2 }\n"
            + "feeds: [ { name: clicks, topic: click_feed, destination: cdp } ]\n"
            + "retry: { delays: ['1 s', '2 s'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'], connect-timeout: '1 s', read-timeout: '1 s' }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("CDP_SECRETS", SECRET)::get;
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new DeliverOperator(function = new DeliverNotifications(config, env)),
            n -> n.destination,
            Types.STRING);
    harness.setProcessingTime(T0);
    harness.open();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    receiver.close();
  }

  @Test
  void aBatchIsPostedSignedAndValidAndRecordedAsTheFeed() throws Exception {
    Notification n = batch("c-1", "c-2", "c-3");
    send(n);

    assertEquals(1, receiver.requests.size());
    FakeReceiver.Request r = receiver.requests.get(0);
    new Webhook(SECRET)
        .verify(
            r.body(),
            Map.of(
                "webhook-id", List.of(r.header("webhook-id")),
                "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                "webhook-signature", List.of(r.header("webhook-signature"))));
    assertEquals(FeedBatch.webhookId("clicks", "c-1", "c-3", 3), r.header("webhook-id"));
    JsonSchemas.assertValid(BATCH_SCHEMA, r.body());
    List<String> ids = new ArrayList<>();
    Json.MAPPER.readTree(r.body()).get("items").forEach(i -> ids.add(i.get("id").asText()));
    assertEquals(List.of("c-1", "c-2", "c-3"), ids);
    DeliveryAttempt a = harness.extractOutputValues().get(0);
    assertEquals("delivered", a.outcome);
    assertEquals("feed:clicks", a.alertId);
    assertEquals("cdp", a.destination);

    send(batch("c-1", "c-2", "c-3")); // the same batch again (a replay after a restart)
    assertEquals(1, receiver.requests.size(), "a delivered batch id is not sent twice");
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aFailingReceiverGetsRetriesWithTheSameIdThenTheBatchIsDeadLettered() throws Exception {
    receiver.then(Reply.status(503), new Reply(429, "3", 0), Reply.status(500));
    send(batch("c-1", "c-2"));
    advanceTo(T0 + 1_000);
    advanceTo(T0 + 3_999);
    assertEquals(2, receiver.requests.size(), "Retry-After 3 s beats the 2 s delay");
    advanceTo(T0 + 4_000);

    assertEquals(
        List.of("retry", "retry", "dead_letter"),
        harness.extractOutputValues().stream().map(a -> a.outcome).toList());
    assertEquals(1, receiver.requests.stream().map(q -> q.header("webhook-id")).distinct().count());
    DeliveryDeadLetter dead =
        harness.getSideOutput(DeliverNotifications.DEAD_LETTERS).poll().getValue();
    assertTrue(dead.reason.startsWith("gave up after 3 attempts: HTTP 500"), dead.reason);
    assertEquals(2, dead.feed.items.size(), "the dead letter keeps the items for a replay");
    assertEquals(dead.webhookId, dead.notification().webhookId);
    assertEquals(dead.feed.body(), dead.notification().body().webhook(0));
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void batchesOfOneDestinationKeepItsRateLimit() throws Exception {
    send(batch("c-1"), batch("c-2"), batch("c-3"));
    assertEquals(1, receiver.requests.size(), "2 a second: one now");
    advanceTo(T0 + 499);
    assertEquals(1, receiver.requests.size());
    advanceTo(T0 + 500);
    assertEquals(2, receiver.requests.size());
    advanceTo(T0 + 1_000);
    assertEquals(3, receiver.requests.size());
  }

  private static Notification batch(String... ids) {
    List<FeedItem> items = new ArrayList<>();
    for (String id : ids) {
      ClickFeedItem c = new ClickFeedItem();
      c.id = id;
      c.clickedAt = "2026-11-21T10:15:03.120Z";
      c.linkId = "lnk-1";
      c.shortUrl = "https://acme.link/x";
      c.campaignId = "cmp-1";
      c.campaignName = "Spring";
      c.linkPriority = "high";
      c.contactId = "";
      items.add(new FeedItem("clicks", id, Json.string(c)));
    }
    return Notification.of("cdp", FeedBatch.of("clicks", items));
  }

  private void send(Notification... notifications) throws Exception {
    for (Notification n : notifications) {
      harness.processElement(new StreamRecord<>(n));
    }
    harness.setProcessingTime(harness.getProcessingTime());
    settle();
  }

  private void advanceTo(long time) throws Exception {
    harness.setProcessingTime(time);
    settle();
  }

  private void settle() throws Exception {
    while (function.sendsInFlight() > 0) {
      Mailboxes.runNext(harness.getTaskMailbox(), "send answered");
      harness.setProcessingTime(harness.getProcessingTime());
    }
  }
}
