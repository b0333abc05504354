package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.JsonSchemas;
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
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DetectClientPatternsTest {
  private static final long T0 = Timeline.T0;
  private static final long BOT = 0xb07L;

  private static final int MAX_PARALLELISM = 128;

  private static KeyedOneInputStreamOperatorTestHarness<Long, ClientClick, Alert> harness()
      throws Exception {
    return harness(1, 0);
  }

  private static KeyedOneInputStreamOperatorTestHarness<Long, ClientClick, Alert> harness(
      int parallelism, int task) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new DetectClientPatterns(AlertRules.bundled()),
        c -> c.visitorId,
        Types.LONG,
        MAX_PARALLELISM,
        parallelism,
        task);
  }

  private static ClientClick click(long visitor, long time, String link) {
    ClientClick c = new ClientClick();
    c.visitorId = visitor;
    c.eventTime = time;
    c.linkId = link;
    c.campaignId = "c1";
    c.owner = "";
    c.userAgent = "curl/8.4.0";
    c.ipNetwork = "203.0.113.0/24";
    return c;
  }

  /** A burst of 25 clicks 200 ms apart (the bundled rule: 20 within 10 s), in shuffled order. */
  private static List<ClientClick> shuffledBurst() {
    List<ClientClick> burst = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      burst.add(click(BOT, T0 + 5_000 + i * 200L, "l" + (i % 2)));
    }
    Collections.shuffle(burst, new Random(42));
    return burst;
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<Long, ClientClick, Alert> harness,
      List<ClientClick> clicks)
      throws Exception {
    for (ClientClick c : clicks) {
      harness.processElement(new StreamRecord<>(c, c.eventTime));
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
      assertEquals(0, harness.numEventTimeTimers(), "clicks wait without a timer");

      harness.processWatermark(T0 + 60_000);

      List<Alert> alerts = harness.extractOutputValues();
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
    List<ClientClick> first = new ArrayList<>();
    List<ClientClick> rest = new ArrayList<>();
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
        for (ClientClick c : rest) {
          int group = KeyGroupRangeAssignment.assignToKeyGroup(c.visitorId, MAX_PARALLELISM);
          if (KeyGroupRangeAssignment.computeOperatorIndexForKeyGroup(MAX_PARALLELISM, 2, group)
              == task) {
            restored.processElement(new StreamRecord<>(c, c.eventTime));
          }
        }
        restored.processWatermark(Long.MAX_VALUE);
        restored
            .extractOutputValues()
            .forEach(a -> matched.add(a.subjectId + ":" + (long) a.observed));
      }
    }
    Collections.sort(matched);
    assertEquals(
        List.of(Long.toHexString(otherBot) + ":20", Long.toHexString(BOT) + ":20"), matched);
  }

  @Test
  void clicksWaitingForTheWatermarkSurviveARestore() throws Exception {
    List<ClientClick> burst = shuffledBurst();
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

      assertEquals(
          List.of("bot_burst"), restored.extractOutputValues().stream().map(a -> a.rule).toList());
      assertEquals(
          1, restored.numKeyedStateEntries(), "the bot's recent clicks, until they expire");
      assertEquals(0, restored.numEventTimeTimers());
    }
  }

  @Test
  void stateIsSerializedAsPojosNotWithKryo() {
    for (Class<?> type : List.of(RecentClicks.class, ClientClick.class)) {
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

      assertTrue(harness.extractOutputValues().isEmpty());
      assertEquals(0, harness.numKeyedStateEntries());
    }
  }
}
