package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Batching a feed's items in processing time: by size, by max-wait, by max-per-second, across a
 * restore, and with no state or timer left once every batch went.
 */
class BatchFeedItemsTest {
  private static final long T0 = 1_764_000_000_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, FeedItem, Notification> harness;

  @BeforeEach
  void start() throws Exception {
    harness = open(null, T0);
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
  }

  /** Feed "clicks": 3 a batch, 5 s max wait, 1 batch a second; "signals": 2, 1 s, no limit. */
  private static KeyedOneInputStreamOperatorTestHarness<String, FeedItem, Notification> open(
      OperatorSubtaskState restore, long now) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, FeedItem, Notification> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new BatchFeedItems(
                    List.of(feed("clicks", 3, "5 s", 1.0), feed("signals", 2, "1 s", null)))),
            i -> i.feed,
            Types.STRING);
    h.setProcessingTime(now);
    if (restore != null) {
      h.initializeState(restore);
    }
    h.open();
    return h;
  }

  static FeedSettings feed(String name, int size, String maxWait, Double perSecond) {
    FeedSettings f = new FeedSettings();
    f.name = name;
    f.topic = name;
    f.destination = "cdp";
    f.batchSize = size;
    f.maxWait = maxWait;
    f.maxPerSecond = perSecond;
    return f;
  }

  @Test
  void aFullBatchGoesAtOnceInArrivalOrder() throws Exception {
    add("clicks", "c-1", "c-2", "c-3", "c-4");
    assertEquals(List.of("cdp clicks [c-1, c-2, c-3]"), batches());
    assertEquals(
        FeedBatch.webhookId("clicks", "c-1", "c-3", 3),
        harness.extractOutputValues().get(0).webhookId);
  }

  @Test
  void aPartBatchGoesWhenItsOldestItemHasWaitedMaxWait() throws Exception {
    add("clicks", "c-1");
    harness.setProcessingTime(T0 + 2_000);
    add("clicks", "c-2");
    harness.setProcessingTime(T0 + 4_999);
    assertEquals(List.of(), batches());
    harness.setProcessingTime(T0 + 5_000);
    assertEquals(List.of("cdp clicks [c-1, c-2]"), batches());
    harness.setProcessingTime(T0 + 6_000); // the rate limit's timer clears the last state
    assertNothingLeft();
  }

  @Test
  void feedsBatchOnTheirOwn() throws Exception {
    add("clicks", "c-1");
    add("signals", "s-1", "s-2", "s-3");
    harness.setProcessingTime(T0 + 1_000);
    assertEquals(List.of("cdp signals [s-1, s-2]", "cdp signals [s-3]"), batches());
    harness.setProcessingTime(T0 + 5_000);
    assertEquals(
        List.of("cdp signals [s-1, s-2]", "cdp signals [s-3]", "cdp clicks [c-1]"), batches());
    harness.setProcessingTime(T0 + 6_000);
    assertNothingLeft();
  }

  @Test
  void maxPerSecondHoldsFullBatchesBackAndTheyGoWhenAllowed() throws Exception {
    add("clicks", "c-1", "c-2", "c-3", "c-4", "c-5", "c-6", "c-7");
    assertEquals(List.of("cdp clicks [c-1, c-2, c-3]"), batches(), "one batch a second");
    harness.setProcessingTime(T0 + 999);
    assertEquals(1, batches().size());
    harness.setProcessingTime(T0 + 1_000);
    assertEquals(2, batches().size());
    assertEquals("cdp clicks [c-4, c-5, c-6]", batches().get(1));
    // c-7 waits for its max-wait from when it came (T0), then for the limit: T0 + 5 s.
    harness.setProcessingTime(T0 + 4_999);
    assertEquals(2, batches().size());
    harness.setProcessingTime(T0 + 5_000);
    assertEquals("cdp clicks [c-7]", batches().get(2));
    harness.setProcessingTime(T0 + 6_000);
    assertNothingLeft();
  }

  @Test
  void bufferedItemsSurviveARestoreAndGoOnTime() throws Exception {
    add("clicks", "c-1", "c-2");
    add("signals", "s-1");
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0 + 100);
    harness.close();

    harness = open(checkpoint, T0 + 200);
    add("clicks", "c-3");
    assertEquals(List.of("cdp clicks [c-1, c-2, c-3]"), batches(), "restored items fill the batch");
    harness.setProcessingTime(T0 + 1_000);
    assertEquals("cdp signals [s-1]", batches().get(1), "its max-wait timer was restored");
    harness.setProcessingTime(T0 + 2_000);
    assertNothingLeft();
  }

  @Test
  void aRestoreBeforeTheBatchWentSendsTheSameBatchId() throws Exception {
    add("clicks", "c-1", "c-2");
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
    add("clicks", "c-3");
    String before = harness.extractOutputValues().get(0).webhookId;
    harness.close();

    harness = open(checkpoint, T0 + 10);
    add("clicks", "c-3"); // replayed from the topic after the failure
    assertEquals(before, harness.extractOutputValues().get(0).webhookId, "receivers dedup on it");
  }

  @Test
  void aFeedRemovedFromTheConfigDropsItsRestoredItemsAndLeavesNothing() throws Exception {
    add("signals", "s-1");
    add("clicks", "c-1");
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
    harness.close();

    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new BatchFeedItems(List.of(feed("clicks", 3, "5 s", null)))),
            i -> i.feed,
            Types.STRING);
    harness.setProcessingTime(T0);
    harness.initializeState(checkpoint);
    harness.open();
    harness.setProcessingTime(T0 + 5_000);
    assertEquals(List.of("cdp clicks [c-1]"), batches(), "no signals batch, and no failure");
    assertNothingLeft();
  }

  @Test
  void anItemFeedSendsEachItemAloneWithinItsRateLimit() throws Exception {
    harness.close();
    FeedSettings signals = feed("signals", 50, "5 s", 1.0);
    signals.body = FeedSettings.ITEM;
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new BatchFeedItems(List.of(signals))),
            i -> i.feed,
            Types.STRING);
    harness.setProcessingTime(T0);
    harness.open();
    add("signals", "s-1", "s-2");
    assertEquals(List.of("cdp signals [s-1]"), batches(), "at once, not after max-wait");
    assertEquals("s-1", harness.extractOutputValues().get(0).webhookId);
    assertEquals("{\"id\":\"s-1\"}", harness.extractOutputValues().get(0).feed.body());
    harness.setProcessingTime(T0 + 1_000);
    assertEquals(List.of("cdp signals [s-1]", "cdp signals [s-2]"), batches());
    harness.setProcessingTime(T0 + 2_000);
    assertNothingLeft();
  }

  private void add(String feed, String... ids) throws Exception {
    for (String id : ids) {
      harness.processElement(new StreamRecord<>(new FeedItem(feed, id, "{\"id\":\"" + id + "\"}")));
    }
  }

  private List<String> batches() {
    return harness.extractOutputValues().stream()
        .map(
            n ->
                n.destination
                    + " "
                    + n.feed.feed
                    + " "
                    + n.feed.items.stream().map(j -> j.replaceAll(".*\"(.+)\".*", "$1")).toList())
        .toList();
  }

  private void assertNothingLeft() {
    assertEquals(0, harness.numProcessingTimeTimers(), "no timer left");
    assertEquals(0, harness.numKeyedStateEntries(), "no state left");
  }
}
