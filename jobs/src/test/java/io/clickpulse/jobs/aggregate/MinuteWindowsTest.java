package io.clickpulse.jobs.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The minute windows against what Flink's event-time tumbling window with allowed lateness does:
 * fire when the watermark passes the minute, fire again with corrected counts for each late click
 * within the lateness, send later clicks aside; no timers; checkpointed and rescaled by key.
 */
class MinuteWindowsTest {
  private static final long T0 = 1_795_000_000_000L - Math.floorMod(1_795_000_000_000L, 60_000L);
  private static final long MINUTE = 60_000;
  private static final Duration LATENESS = Duration.ofMinutes(5);
  private static final int MAX_PARALLELISM = 128;

  private static KeyedOneInputStreamOperatorTestHarness<MinuteKey, MinuteClick, MinuteAggregate>
      harness(int parallelism, int task) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new MinuteWindows(LATENESS),
        MinuteClick::key,
        TypeInformation.of(MinuteKey.class),
        MAX_PARALLELISM,
        parallelism,
        task);
  }

  private static MinuteClick click(String link, long time, long visitor, boolean bot) {
    MinuteClick c = new MinuteClick();
    c.eventId = link + "-" + time + "-" + visitor;
    c.eventTime = time;
    c.key = new MinuteKey();
    c.key.linkId = link;
    c.key.campaignId = "";
    c.key.isBot = bot;
    c.visitorId = visitor;
    c.isBot = bot;
    c.botReason = bot ? "crawler" : null;
    return c;
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<?, MinuteClick, ?> h, MinuteClick c) throws Exception {
    h.processElement(new StreamRecord<>(c, c.eventTime));
  }

  /** "link@minute clicks/visitors" for each emitted aggregate, in order. */
  private static List<String> fired(
      KeyedOneInputStreamOperatorTestHarness<?, ?, MinuteAggregate> h) {
    return h.extractOutputValues().stream()
        .map(
            a ->
                a.key.linkId
                    + (a.key.isBot ? "/bot" : "")
                    + "@"
                    + (a.windowStart - T0) / MINUTE
                    + " "
                    + a.clicks
                    + "/"
                    + a.uniqueVisitors)
        .toList();
  }

  @Test
  void firesEachMinuteWhenTheWatermarkPassesItThenAgainForLateClicks() throws Exception {
    try (var h = harness(1, 0)) {
      h.open();
      send(h, click("l1", T0 + 1_000, 1, false));
      send(h, click("l1", T0 + 59_999, 2, false));
      send(h, click("l1", T0 + 30_000, 1, false));
      send(h, click("l1", T0 + MINUTE, 3, false)); // the next minute
      send(h, click("l1", T0 + 2_000, 9, true)); // another key: bot
      h.processWatermark(T0 + MINUTE - 2);
      assertEquals(List.of(), fired(h), "the minute has not ended");

      h.processWatermark(T0 + MINUTE - 1);
      assertEquals(
          List.of("l1/bot@0 1/1", "l1@0 3/2").stream().sorted().toList(),
          fired(h).stream().sorted().toList());
      assertEquals(0, h.numEventTimeTimers());

      // Late, within the lateness: minute 0 again with the corrected counts, at once.
      send(h, click("l1", T0 + 5_000, 4, false));
      assertEquals("l1@0 4/3", fired(h).get(fired(h).size() - 1));

      // Later than minute 0's end + 5 min: aside, counted nowhere.
      h.processWatermark(T0 + 6 * MINUTE - 1);
      int before = fired(h).size();
      send(h, click("l1", T0 + 7_000, 5, false));
      assertEquals(before, fired(h).size());
      assertEquals(1, h.getSideOutput(MinuteWindows.TOO_LATE).size());
      assertTrue(fired(h).contains("l1@1 1/1"), fired(h).toString());
    }
  }

  @Test
  void openMinutesSurviveARestoreAndARescaleByKey() throws Exception {
    List<MinuteClick> clicks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clicks.add(click("l" + (i % 8), T0 + i * 1_000L, i % 5, false));
    }
    Map<String, Long> expected = new TreeMap<>();
    clicks.forEach(c -> expected.merge(c.key.linkId, 1L, Long::sum));

    OperatorSubtaskState snapshot;
    try (var h = harness(1, 0)) {
      h.open();
      for (MinuteClick c : clicks.subList(0, 25)) {
        send(h, c);
      }
      snapshot = h.snapshot(1, 1);
    }
    Map<String, Long> counted = new TreeMap<>();
    for (int task = 0; task < 2; task++) {
      try (var h = harness(2, task)) {
        h.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, MAX_PARALLELISM, 1, 2, task));
        h.open();
        for (MinuteClick c : clicks.subList(25, clicks.size())) {
          int group = KeyGroupRangeAssignment.assignToKeyGroup(c.key, MAX_PARALLELISM);
          if (KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, 2, group)
              == task) {
            send(h, c);
          }
        }
        h.processWatermark(Long.MAX_VALUE);
        for (MinuteAggregate a : h.extractOutputValues()) {
          assertEquals(null, counted.put(a.key.linkId, a.clicks), "each key in one task, once");
        }
      }
    }
    assertEquals(expected, counted);
  }

  @Test
  void theEndOfInputFiresTheOpenMinutesWithoutTheFinalWatermark() throws Exception {
    // stop --drain while the sources are idle: the input ends, the final watermark never comes.
    try (var h = harness(1, 0)) {
      h.open();
      send(h, click("l1", T0 + 1_000, 1, false));
      send(h, click("l1", T0 + MINUTE + 1_000, 2, false));
      h.processWatermark(T0 + MINUTE - 1);
      assertEquals(List.of("l1@0 1/1"), fired(h));

      h.endInput();

      assertEquals(List.of("l1@0 1/1", "l1@1 1/1"), fired(h));
    }
  }
}
