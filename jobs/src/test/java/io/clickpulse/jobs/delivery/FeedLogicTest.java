package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.RawRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Feed batch ids and bodies, the feeds section's checks, and reading a feed topic's records. */
class FeedLogicTest {
  static final String SECRET = "whsec_" + "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";

  static Stream<Arguments> batchIds() {
    // feed, first, last, size: each differs from the first row in one part
    return Stream.of(
        Arguments.of("clicks", "c-1", "c-50", 50),
        Arguments.of("signals", "c-1", "c-50", 50),
        Arguments.of("clicks", "c-2", "c-50", 50),
        Arguments.of("clicks", "c-1", "c-51", 50),
        Arguments.of("clicks", "c-1", "c-50", 49),
        // the separator inside ids cannot make two batches one
        Arguments.of("clicks", "c-1.c", "-50", 50),
        Arguments.of("clicks.c-1", "c", "-50", 50));
  }

  @ParameterizedTest
  @MethodSource("batchIds")
  void aBatchIdIsStableAndDiffersWhenAnyPartDoes(String feed, String first, String last, int size) {
    String id = FeedBatch.webhookId(feed, first, last, size);
    assertEquals(id, FeedBatch.webhookId(feed, first, last, size), "deterministic");
    assertTrue(id.matches("feed\\." + java.util.regex.Pattern.quote(feed) + "\\.[0-9a-f]{24}"), id);
    if (!(feed.equals("clicks") && first.equals("c-1") && last.equals("c-50") && size == 50)) {
      assertNotEquals(FeedBatch.webhookId("clicks", "c-1", "c-50", 50), id);
    }
  }

  @Test
  void aBatchBodyListsItsItemsInOrderAndItsIdFollowsFromThem() {
    List<FeedItem> items =
        List.of(
            new FeedItem("clicks", "c-1", "{\"id\":\"c-1\"}"),
            new FeedItem("clicks", "c-2", "{\"id\":\"c-2\",\"n\":[1,2]}"),
            new FeedItem("clicks", "c-3", "{\"id\":\"c-3\"}"));
    FeedBatch b = FeedBatch.of("clicks", items);
    assertEquals(
        "{\"feed\":\"clicks\",\"items\":[{\"id\":\"c-1\"},{\"id\":\"c-2\",\"n\":[1,2]},{\"id\":\"c-3\"}]}",
        b.body());
    assertEquals(FeedBatch.webhookId("clicks", "c-1", "c-3", 3), b.webhookId());
    Notification n = Notification.of("cdp", b);
    assertEquals(b.webhookId(), n.webhookId);
    assertEquals("feed:clicks", n.subject(), "what alert_deliveries.alert_id records");
    assertEquals(b.body(), n.body().webhook(0));
  }

  @Test
  void aDeadLetteredBatchReadBackFromTheTopicIsReplayedWithItsIdAndItems() throws Exception {
    FeedBatch b =
        FeedBatch.of(
            "clicks",
            List.of(
                new FeedItem("clicks", "c-1", "{\"id\":\"c-1\"}"),
                new FeedItem("clicks", "c-2", "{\"id\":\"c-2\"}")));
    DeliveryDeadLetter written =
        DeliveryDeadLetter.of(Notification.of("cdp", b), 6, "gave up after 6 attempts: HTTP 500");
    DeliveryDeadLetter read =
        io.clickpulse.jobs.json.Json.MAPPER.readValue(
            new io.clickpulse.jobs.AlertDeliveryJob.DeadLetterJson().serialize(written),
            DeliveryDeadLetter.class);
    assertEquals(
        null, DeliveryReplay.skip(read, null, null, false, new java.util.HashSet<>()), "wanted");
    assertEquals(
        DeliveryReplay.Skip.ALREADY_DELIVERED,
        DeliveryReplay.skip(read, null, null, true, new java.util.HashSet<>()));
    Notification again = read.notification();
    assertEquals(b.webhookId(), again.webhookId);
    assertEquals(b.body(), again.body().webhook(0));
    assertEquals("feed:clicks", again.subject());
  }

  @Test
  void anItemFeedPostsEachItemUnchangedUnderItsOwnId() throws Exception {
    FeedSettings feed = new FeedSettings();
    feed.name = "crm-hubspot";
    feed.idField = "signal_id";
    feed.body = FeedSettings.ITEM;
    feed.match = Map.of("route", List.of("crm-hubspot"));
    OneInputStreamOperatorTestHarness<RawRecord, FeedItem> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new ParseFeedItems(feed));
    String hubspot =
        "{\"signal_id\":\"0123456789abcdef0123456789abcdef\",\"route\":\"crm-hubspot\"}";
    List<String> records =
        List.of(
            hubspot,
            "{\"signal_id\":\"ffff\",\"route\":\"crm-salesforce\"}",
            "{\"signal_id\":\"eeee\",\"route\":\"\"}",
            "{\"signal_id\":\"dddd\"}");
    for (int i = 0; i < records.size(); i++) {
      h.processElement(
          new StreamRecord<>(
              new RawRecord(
                  "crm_signals", 0, i, 0, records.get(i).getBytes(StandardCharsets.UTF_8))));
    }
    List<FeedItem> items = h.extractOutputValues();
    assertEquals(1, items.size(), "only the items of its route");
    h.close();

    FeedBatch b = FeedBatch.of(feed.name, items);
    b.single = true;
    assertEquals(hubspot, b.body(), "the signal, unchanged, is the body");
    assertEquals("0123456789abcdef0123456789abcdef", b.webhookId(), "its signal_id the webhook-id");
    FeedBatch odd = FeedBatch.of("x", List.of(new FeedItem("x", "a b\nc", "{}")));
    odd.single = true;
    assertEquals(FeedBatch.webhookId("x", "a b\nc", "a b\nc", 1), odd.webhookId(), "header-safe");
  }

  static Stream<Arguments> invalidFeeds() {
    return Stream.of(
        Arguments.of(
            "[{name: Clicks, topic: t, destination: cdp}]",
            "feeds[0].name must be 1-64 of a-z, 0-9, '_', '.', '-', was 'Clicks'"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp}, {name: a, topic: u, destination: cdp}]",
            "feeds[1].name 'a' is used by an earlier feed"),
        Arguments.of("[{name: a, destination: cdp}]", "feeds[0].topic is required"),
        Arguments.of(
            "[{name: a, topic: t, destination: nowhere}]",
            "feeds[0].destination: unknown destination 'nowhere'"),
        Arguments.of(
            "[{name: a, topic: t, destination: chat}]",
            "feeds[0].destination 'chat' must be of type webhook (feeds post signed JSON batches),"
                + " was slack"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, batch-size: 0}]",
            "feeds[0].batch-size must be between 1 and 1000, was 0"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, max-wait: soon}]",
            "feeds[0].max-wait is not a duration like '5 s': 'soon'"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, max-wait: 0 s}]",
            "feeds[0].max-wait must be positive, was '0 s'"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, max-per-second: 0}]",
            "feeds[0].max-per-second must be positive, was 0.0"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, id-field: ''}]",
            "feeds[0].id-field must name a field"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, body: items}]",
            "feeds[0].body must be batch or item, was 'items'"),
        Arguments.of(
            "[{name: a, topic: t, destination: cdp, match: {route: []}}]",
            "feeds[0].match.route must list at least one value"));
  }

  @ParameterizedTest
  @MethodSource("invalidFeeds")
  void anInvalidFeedFailsTheStartNamingItsKey(String feeds, String problem) {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class, () -> config("feeds: " + feeds));
    assertTrue(e.getMessage().contains("  - " + problem), e.getMessage());
  }

  @Test
  void aValidFeedHasItsDefaults() {
    FeedSettings f =
        config("feeds: [{name: clicks, topic: click_feed, destination: cdp}]").feeds().get(0);
    assertEquals(50, f.batchSize);
    assertEquals(5_000, f.maxWaitDuration().toMillis());
    assertEquals(0, f.minIntervalMillis(), "only the destination's limit");
    assertEquals("id", f.idField);
  }

  @Test
  void recordsBecomeItemsByTheirIdOrPositionAndTheRestDeadLetters() throws Exception {
    FeedSettings feed = new FeedSettings();
    feed.name = "signals";
    feed.idField = "signal_id";
    OneInputStreamOperatorTestHarness<RawRecord, FeedItem> h =
        ProcessFunctionTestHarnesses.forProcessFunction(new ParseFeedItems(feed));
    List<String> records =
        List.of(
            "{ \"signal_id\": \"s-1\", \"contact\": \"hs-1\" }",
            "{\"contact\":\"hs-2\"}",
            "[1, 2]",
            "not json",
            "{\"signal_id\": 7}");
    for (int i = 0; i < records.size(); i++) {
      h.processElement(
          new StreamRecord<>(
              new RawRecord(
                  "crm_signals", 0, i, 0, records.get(i).getBytes(StandardCharsets.UTF_8))));
    }
    List<String> items = new ArrayList<>();
    h.extractOutputValues().forEach(i -> items.add(i.feed + " " + i.id + " " + i.json));
    assertEquals(
        List.of(
            "signals s-1 {\"signal_id\":\"s-1\",\"contact\":\"hs-1\"}",
            "signals crm_signals/0@1 {\"contact\":\"hs-2\"}",
            "signals 7 {\"signal_id\":7}"),
        items);
    List<String> dead = new ArrayList<>();
    h.getSideOutput(ParseFeedItems.UNREADABLE)
        .forEach(r -> dead.add(r.getValue().webhookId + " " + r.getValue().reason));
    assertEquals(2, dead.size(), dead.toString());
    assertTrue(
        dead.get(0).startsWith("crm_signals/0@2 unreadable feed item (signals): not a JSON"));
    assertTrue(dead.get(1).startsWith("crm_signals/0@3 unreadable feed item (signals): "));
    h.close();
  }

  static DeliveryConfig config(String extra) {
    String yaml =
        "destinations:\n"
            + "  cdp: { type: webhook, url: 'http://127.0.0.1:9/feed', secrets-env: S }\n"
            + "  chat: { type: slack, url: 'http://127.0.0.1:9/slack' }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n"
            + extra
            + "\n";
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test.yaml",
        Map.of("S", SECRET)::get);
  }
}
