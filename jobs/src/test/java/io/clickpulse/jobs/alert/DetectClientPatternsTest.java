package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DetectClientPatternsTest {
  private static final long T0 = Timeline.T0;
  private static final long BOT = 0xb07L;

  private static final int MAX_PARALLELISM = 128;

  private static KeyedOneInputStreamOperatorTestHarness<Long, EnrichedClick, EnrichedClick>
      harness() throws Exception {
    return harness(1, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<Long, EnrichedClick, EnrichedClick> harness(
      int parallelism, int task) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new DetectClientPatterns(AlertRules.bundled()),
        c -> c.visitorId,
        Types.LONG,
        MAX_PARALLELISM,
        parallelism,
        task);
  }

  private static final Timeline CLICKS = new Timeline(1);

  private static EnrichedClick click(long visitor, long time, String link) {
    EnrichedClick c = CLICKS.human(link, "c1", time, visitor, 302);
    c.click.userAgent = "curl/8.4.0";
    c.ipNetwork = "203.0.113.0/24";
    return c;
  }

  private static List<Alert> alerts(
      KeyedOneInputStreamOperatorTestHarness<Long, EnrichedClick, EnrichedClick> harness) {
    var alerts = harness.getSideOutput(DetectClientPatterns.ALERTS);
    return alerts == null ? List.of() : alerts.stream().map(StreamRecord::getValue).toList();
  }

  /** A burst of 25 clicks 200 ms apart (the bundled rule: 20 within 10 s), in shuffled order. */
  private static List<EnrichedClick> shuffledBurst() {
    List<EnrichedClick> burst = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      burst.add(click(BOT, T0 + 5_000 + i * 200L, "l" + (i % 2)));
    }
    Collections.shuffle(burst, new Random(42));
    return burst;
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<Long, EnrichedClick, EnrichedClick> harness,
      List<EnrichedClick> clicks)
      throws Exception {
    for (EnrichedClick c : clicks) {
      harness.processElement(new StreamRecord<>(c, c.click.eventTime));
    }
  }

  @Test
  void outOfOrderBurstIsMatchedInEventTimeOnceThenTheClientIsForgotten() throws Exception {
    OperatorSubtaskState afterExpiry;
    try (var harness = harness()) {
      harness.open();
      send(harness, shuffledBurst());
      harness.processElement(new StreamRecord<>(click(42, T0, "l1"), T0));
      assertTrue(harness.extractOutputValues().isEmpty(), "nothing before the watermark");
      assertTrue(alerts(harness).isEmpty());
      assertEquals(0, harness.numEventTimeTimers(), "clicks wait without a timer");

      harness.processWatermark(T0 + 60_000);

      List<Alert> alerts = alerts(harness);
      assertEquals(1, alerts.size(), alerts.toString());
      Alert alert = alerts.get(0);
      assertEquals("bot_burst", alert.rule);
      assertEquals(Long.toHexString(BOT), alert.subjectId);
      assertEquals(20, alert.observed, "the first 20 clicks in event time");
      JsonSchemas.assertValidAlert(alert);
      // Its context: the matched clicks, the links they hit (alternately l0 and l1).
      assertEquals(20, alert.context.clicks);
      assertEquals(
          List.of("l0=10", "l1=10"),
          alert.context.topLinks.stream().map(Object::toString).toList());
      assertEquals(T0 + 5_000 + 19 * 200 + 1, alert.windowEnd);
      var clients = harness.getSideOutput(DetectClientPatterns.BOT_CLIENTS);
      assertEquals(1, clients.size());
      BotClient client = clients.peek().getValue();
      assertEquals(T0 + 5_000, client.firstSeen);
      assertEquals("l0, l1", client.sampleLinks);
      assertEquals(2, harness.numKeyedStateEntries(), "the two clients' recent clicks");
      assertEquals(0, harness.numEventTimeTimers());

      // The recent clicks expire (processing time) after the longest window (metronome, 30 min)
      // plus the margin for a stopped job; no timer is needed for it.
      harness.setStateTtlProcessingTime(
          new DetectClientPatterns(AlertRules.bundled()).forgetAfter().toMillis() + 1);
      afterExpiry = harness.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(afterExpiry);
      restored.open();
      assertEquals(0, restored.numKeyedStateEntries());
    }
  }

  @Test
  void waitingClicksGoToTheTaskOfTheirClientWhenRescaled() throws Exception {
    // Two bots' bursts, half sent before a snapshot at parallelism 1, the rest after a restore at
    // parallelism 2 into the task that owns each bot: each burst is matched exactly once.
    long otherBot = 0x5ca1eL;
    List<EnrichedClick> first = new ArrayList<>();
    List<EnrichedClick> rest = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      (i % 2 == 0 ? first : rest).add(click(BOT, T0 + 5_000 + i * 200L, "l" + (i % 2)));
      (i % 2 == 0 ? first : rest).add(click(otherBot, T0 + 5_000 + i * 200L, "l" + (i % 2)));
    }
    OperatorSubtaskState snapshot;
    try (var harness = harness(1, 0)) {
      harness.open();
      send(harness, first);
      snapshot = harness.snapshot(1, 1);
    }
    List<String> matched = new ArrayList<>();
    for (int task = 0; task < 2; task++) {
      try (var restored = harness(2, task)) {
        restored.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, MAX_PARALLELISM, 1, 2, task));
        restored.open();
        for (EnrichedClick c : rest) {
          int group = KeyGroupRangeAssignment.assignToKeyGroup(c.visitorId, MAX_PARALLELISM);
          if (KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, 2, group)
              == task) {
            restored.processElement(new StreamRecord<>(c, c.click.eventTime));
          }
        }
        restored.processWatermark(Long.MAX_VALUE);
        alerts(restored).forEach(a -> matched.add(a.subjectId + ":" + (long) a.observed));
      }
    }
    Collections.sort(matched);
    assertEquals(
        List.of(Long.toHexString(otherBot) + ":20", Long.toHexString(BOT) + ":20"), matched);
  }

  @Test
  void clicksWaitingForTheWatermarkSurviveARestore() throws Exception {
    List<EnrichedClick> burst = shuffledBurst();
    OperatorSubtaskState snapshot;
    try (var harness = harness()) {
      harness.open();
      send(harness, burst.subList(0, 12));
      snapshot = harness.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      send(restored, burst.subList(12, burst.size()));
      restored.processWatermark(Long.MAX_VALUE);

      assertEquals(List.of("bot_burst"), alerts(restored).stream().map(a -> a.rule).toList());
      assertEquals(
          1, restored.numKeyedStateEntries(), "the bot's recent clicks, until they expire");
      assertEquals(0, restored.numEventTimeTimers());
    }
  }

  /**
   * The operator state is written as POJOs; the keyed {@code RecentClicks} is written in its wire
   * format, but stays a POJO too: savepoints from before hold it so, and restore through that
   * serializer.
   */
  @Test
  void stateIsSerializedAsPojosNotWithKryo() {
    for (Class<?> type :
        List.of(RecentClicks.class, ClientClick.class, EnrichedClick.class, ClickEvent.class)) {
      TypeInformation<?> info = TypeInformation.of(type);
      assertTrue(info instanceof PojoTypeInfo, type + " is " + info);
      PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
      for (int i = 0; i < pojo.getArity(); i++) {
        assertFalse(
            pojo.getPojoFieldAt(i).getTypeInformation() instanceof GenericTypeInfo,
            type.getSimpleName() + "." + pojo.getPojoFieldAt(i).getField().getName());
      }
    }
  }

  @Test
  void aClickBehindTheWatermarkIsNotMatched() throws Exception {
    try (var harness = harness()) {
      harness.open();
      harness.processWatermark(T0 + 60_000);
      send(harness, shuffledBurst());
      harness.processWatermark(T0 + 31 * 60_000);

      assertTrue(alerts(harness).isEmpty());
      assertEquals(25, harness.extractOutputValues().size(), "late clicks still go on");
      assertTrue(harness.extractOutputValues().stream().noneMatch(c -> c.isBot));
      assertEquals(0, harness.numKeyedStateEntries());
    }
  }

  /** Human clicks of other clients around the burst, one per second. */
  private static List<EnrichedClick> humans(long from, int seconds) {
    List<EnrichedClick> humans = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      humans.add(CLICKS.human("l" + (i % 3), "c1", from + i * 1000L, 1000 + i, 302));
    }
    return humans;
  }

  private static List<EnrichedClick> ofClient(List<EnrichedClick> clicks, long visitor) {
    return clicks.stream().filter(c -> c.visitorId == visitor).toList();
  }

  @Test
  void everyClickOfABurstLeavesTheHumanCountsNotOnlyThoseAfterTheMatch() throws Exception {
    try (var harness = harness()) {
      harness.open();
      List<EnrichedClick> input = new ArrayList<>(shuffledBurst());
      input.addAll(humans(T0, 40));
      send(harness, input);
      harness.processWatermark(Long.MAX_VALUE);

      List<EnrichedClick> out = harness.extractOutputValues();
      assertEquals(input.size(), out.size(), "every click goes on, once");
      List<EnrichedClick> bot = ofClient(out, BOT);
      assertEquals(25, bot.size());
      assertTrue(
          bot.stream().allMatch(c -> c.isBot && "burst_pattern".equals(c.botReason)),
          "the 19 clicks before the match too: they were within the mark delay");
      assertTrue(out.stream().filter(c -> c.visitorId != BOT).noneMatch(c -> c.isBot));
      for (int i = 1; i < out.size(); i++) {
        assertTrue(out.get(i - 1).click.eventTime <= out.get(i).click.eventTime, "in event time");
      }
    }
  }

  @Test
  void theWatermarkGoesOnTheMarkDelayBehindAndHeldClicksWaitForIt() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, humans(T0, 30));
      harness.processWatermark(T0 + 20_000);

      assertEquals(
          List.of(T0 + 10_000),
          harness.getOutput().stream()
              .filter(e -> e instanceof org.apache.flink.streaming.api.watermark.Watermark)
              .map(e -> ((org.apache.flink.streaming.api.watermark.Watermark) e).getTimestamp())
              .toList(),
          "10 s (bots.mark-delay) behind");
      assertEquals(
          11, harness.extractOutputValues().size(), "the clicks up to the watermark it sent");
      assertEquals(0, harness.numEventTimeTimers());
    }
  }

  @Test
  void aCaughtClientsLaterClicksAreBotsForTheLongestPatternWindow() throws Exception {
    long lastOfBurst = T0 + 5_000 + 24 * 200L;
    try (var harness = harness()) {
      harness.open();
      send(harness, shuffledBurst());
      send(harness, List.of(click(BOT, lastOfBurst + 10 * 60_000, "l7")));
      send(harness, List.of(click(BOT, lastOfBurst + 45 * 60_000, "l8")));
      harness.processWatermark(Long.MAX_VALUE);

      List<EnrichedClick> bot = ofClient(harness.extractOutputValues(), BOT);
      assertEquals(
          List.of("l7=true", "l8=false"),
          bot.subList(25, 27).stream().map(c -> c.click.linkId + "=" + c.isBot).toList(),
          "10 min after the match: still caught; 45 min after (> 30 min, metronome.within): not");
    }
  }

  @Test
  void aLateClickOfACaughtClientIsMarkedToo() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, shuffledBurst());
      harness.processWatermark(T0 + 60_000);
      send(harness, List.of(click(BOT, T0 + 59_000, "l9")));
      harness.processWatermark(Long.MAX_VALUE);

      EnrichedClick late =
          harness.extractOutputValues().stream()
              .filter(c -> "l9".equals(c.click.linkId))
              .findFirst()
              .orElseThrow();
      assertTrue(late.isBot, "behind the watermark: not matched, but its client is caught");
      assertEquals("burst_pattern", late.botReason);
    }
  }

  @Test
  void withoutAMarkDelayOnlyTheClicksFromTheMatchOnAreBots() throws Exception {
    AlertRules rules =
        AlertRules.parse(
            new java.io.ByteArrayInputStream(
                "bots: { mark-delay: \"0 s\" }".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            "test");
    try (var harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new DetectClientPatterns(rules), (EnrichedClick c) -> c.visitorId, Types.LONG)) {
      harness.open();
      send(harness, shuffledBurst());
      for (long w = T0 + 5_000; w < T0 + 10_000; w += 100) {
        harness.processWatermark(w); // the watermark passes the burst click by click
      }
      harness.processWatermark(Long.MAX_VALUE);

      List<EnrichedClick> bot = ofClient(harness.extractOutputValues(), BOT);
      assertEquals(
          "19 human, then 6 bot",
          bot.stream().filter(c -> !c.isBot).count()
              + " human, then "
              + bot.stream().filter(c -> c.isBot).count()
              + " bot");
    }
  }

  @Test
  void anInputThatEndsWithoutTheFinalWatermarkStillSendsEveryClickOn() throws Exception {
    // A drain while the sources are idle: the input ends, no final watermark came.
    try (var harness = harness()) {
      harness.open();
      send(harness, shuffledBurst());
      send(harness, humans(T0, 20));
      harness.processWatermark(T0 + 8_000);
      harness.endInput();

      assertEquals(45, harness.extractOutputValues().size(), "every click goes on");
      assertEquals(
          25, ofClient(harness.extractOutputValues(), BOT).stream().filter(c -> c.isBot).count());
      assertEquals(
          List.of(T0 - 2_000, T0 + 8_000),
          harness.getOutput().stream()
              .filter(e -> e instanceof org.apache.flink.streaming.api.watermark.Watermark)
              .map(e -> ((org.apache.flink.streaming.api.watermark.Watermark) e).getTimestamp())
              .toList(),
          "the watermark it got goes on, no longer held back; not the final one");
    }
  }

  /**
   * Traffic stops (every input idle): the waiting clicks go on with their verdict, so the clicks
   * table gets them without waiting for more traffic; the watermark stays where it was; the
   * client's later clicks are still bots.
   */
  @Test
  void anIdleInputSendsTheWaitingClicksOnWithTheirVerdict() throws Exception {
    try (var harness = harness()) {
      harness.open();
      send(harness, shuffledBurst());
      send(harness, humans(T0, 20));
      harness.processWatermark(T0 + 8_000);
      harness.processWatermarkStatus(WatermarkStatus.IDLE);

      assertEquals(45, harness.extractOutputValues().size(), "every waiting click goes on");
      assertEquals(
          25,
          ofClient(harness.extractOutputValues(), BOT).stream().filter(c -> c.isBot).count(),
          "the burst's clicks are bots, those after the watermark too");
      assertTrue(
          harness.extractOutputValues().stream()
              .filter(c -> c.visitorId != BOT)
              .noneMatch(c -> c.isBot));
      assertEquals(
          List.of(T0 - 2_000),
          harness.getOutput().stream()
              .filter(e -> e instanceof org.apache.flink.streaming.api.watermark.Watermark)
              .map(e -> ((org.apache.flink.streaming.api.watermark.Watermark) e).getTimestamp())
              .toList(),
          "the watermark stays the mark delay behind the one it got");

      harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
      send(harness, List.of(click(BOT, T0 + 9_000, "l9")));
      harness.processWatermark(T0 + 20_000);
      EnrichedClick after = ofClient(harness.extractOutputValues(), BOT).get(25);
      assertEquals("l9", after.click.linkId);
      assertTrue(after.isBot, "its client is caught");
      assertEquals(0, harness.numEventTimeTimers());
    }
  }

  /**
   * The input pauses mid-burst (a Kafka restart longer than the idle timeout) while a client with a
   * fast clock has sent a click 4 minutes ahead: the rest of the burst still comes after the pause,
   * behind that click. The burst is still one run of its client; only a click behind its own
   * client's matched clicks is too late for it.
   */
  @Test
  void aPauseOfTheInputMidBurstStillCatchesTheBurst() throws Exception {
    List<EnrichedClick> burst = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      burst.add(click(BOT, T0 + 5_000 + i * 200L, "l" + (i % 2)));
    }
    try (var harness = harness()) {
      harness.open();
      send(harness, burst.subList(0, 10));
      send(harness, List.of(CLICKS.human("l5", "c1", T0 + 4 * 60_000, 77, 302)));
      harness.processWatermark(T0);
      harness.processWatermarkStatus(WatermarkStatus.IDLE);
      assertEquals(11, harness.extractOutputValues().size(), "the pause sent the waiting on");
      assertTrue(alerts(harness).isEmpty(), "10 clicks are not a burst yet");

      harness.processWatermarkStatus(WatermarkStatus.ACTIVE);
      send(harness, burst.subList(10, 25));
      EnrichedClick behind = click(BOT, T0 + 5_000 + 9 * 200L - 50, "l7");
      send(harness, List.of(behind));
      harness.processWatermark(T0 + 60_000);

      List<Alert> alerts = alerts(harness);
      assertEquals(1, alerts.size(), alerts.toString());
      assertEquals("bot_burst", alerts.get(0).rule);
      assertEquals(20, alerts.get(0).observed);
      assertEquals(
          T0 + 5_000 + 19 * 200 + 1,
          alerts.get(0).windowEnd,
          "the run is the burst's first 20 clicks, without the one behind them");
      List<EnrichedClick> bot = ofClient(harness.extractOutputValues(), BOT);
      assertEquals(26, bot.size(), "every click goes on");
      assertTrue(
          bot.stream()
              .filter(c -> c.click.eventTime >= T0 + 5_000 + 10 * 200L)
              .allMatch(c -> c.isBot),
          "the clicks after the pause are the burst's");
      assertEquals(0, harness.numEventTimeTimers());
    }
  }
}
