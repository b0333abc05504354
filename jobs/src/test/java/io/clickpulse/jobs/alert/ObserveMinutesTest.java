package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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

class ObserveMinutesTest {
  private static final long MINUTE = 60_000;

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation>
      harness(int parallelism, int task, int maxParallelism) throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new ObserveMinutes(AlertRules.bundled()),
        SubjectClick::subjectKey,
        Types.STRING,
        maxParallelism,
        parallelism,
        task);
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new ObserveMinutes(AlertRules.bundled()), SubjectClick::subjectKey, Types.STRING);
  }

  @Test
  void judgesMinutesWithClicksLearnsSilenceThenForgetsAnInactiveSubject() throws Exception {
    Timeline t = new Timeline(1);
    try (var harness = harness()) {
      harness.open();
      for (int i = 0; i < 3; i++) {
        var click =
            SubjectClick.of(
                t.human("l1", "c1", Timeline.T0 + i * 1000, i, i == 0 ? 502 : 302),
                SubjectClick.LINK,
                "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }
      var later =
          SubjectClick.of(
              t.human("l1", "c1", Timeline.T0 + 2 * MINUTE, 9, 302), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(later, later.eventTime));

      harness.processWatermark(Timeline.T0 + 3 * MINUTE);
      List<MinuteObservation> out = harness.extractOutputValues();
      assertEquals("link:l1", out.get(0).subjectKey());
      assertEquals(Timeline.T0, out.get(0).minute);
      // The empty minute between is calm and follows a calm one: no pattern needs it, so it is
      // not emitted, but the baseline learns it before minute 2 (its second minute: the first
      // minutes are averaged alike, alpha 1/2 here, before the EWMA span's 2/61 takes over).
      assertEquals(List.of(3L, 1L), out.stream().map(o -> o.clicks).toList());
      assertEquals(1, out.get(0).redirectErrors);
      assertEquals(Timeline.T0 + 2 * MINUTE, out.get(1).minute);
      assertEquals((3 + 0) / 2.0, out.get(1).baselineMean, 1e-9);

      // Two hours without clicks: the subject is forgotten, no state and no timers remain; it
      // was calm, so there is no episode to end and no end mark.
      harness.processWatermark(Timeline.T0 + 4 * 3600 * 1000);
      assertEquals(
          2, harness.extractOutputValues().size(), harness.extractOutputValues().toString());
      assertForgotten(harness, AlertRules.bundled());

      // Clicks again: its minutes start anew, with a fresh baseline.
      var back =
          SubjectClick.of(
              t.human("l1", "c1", Timeline.T0 + 5 * 3600 * 1000, 10, 302), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(back, back.eventTime));
      harness.processWatermark(Timeline.T0 + 5 * 3600 * 1000 + MINUTE);
      out = harness.extractOutputValues();
      assertEquals(3, out.size());
      assertEquals(1, out.get(2).clicks);
      assertEquals(0.0, out.get(2).baselineMean, "nothing learnt before");
    }
  }

  @Test
  void endOfInputJudgesTheMinutesWithClicksButInventsNoSilenceAfterThem() throws Exception {
    Timeline t = new Timeline(3);
    try (var harness = harness()) {
      harness.open();
      for (long minute : new long[] {0, 2}) {
        var click =
            SubjectClick.of(
                t.human("l1", "c1", Timeline.T0 + minute * MINUTE, (int) minute, 302),
                SubjectClick.LINK,
                "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }

      harness.processWatermark(Long.MAX_VALUE);

      // Nothing after the last minute with clicks is judged (a calm subject needs no end mark).
      List<MinuteObservation> out = harness.extractOutputValues();
      assertEquals(
          List.of("1", "1"),
          out.stream().map(o -> o.end ? "END" : String.valueOf(o.clicks)).toList());
      assertEquals(Timeline.T0 + 2 * MINUTE, out.get(1).minute);
      assertForgotten(harness, AlertRules.bundled());
    }
  }

  @Test
  void aClickForAnAlreadyJudgedMinuteIsCountedAsLateNotObserved() throws Exception {
    Timeline t = new Timeline(2);
    try (var harness = harness()) {
      harness.open();
      var click =
          SubjectClick.of(
              t.human("l1", "c1", Timeline.T0 + 5 * MINUTE, 1, 302), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(click, click.eventTime));
      harness.processWatermark(Timeline.T0 + 6 * MINUTE);
      var late =
          SubjectClick.of(
              t.human("l1", "c1", Timeline.T0 + 5 * MINUTE + 10, 2, 302), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(late, late.eventTime));
      harness.processWatermark(Timeline.T0 + 7 * MINUTE);

      assertEquals(
          List.of(1L), minutes(harness.extractOutputValues()).stream().map(o -> o.clicks).toList());
    }
  }

  @Test
  void eachMinuteSaysWhetherTheOneBeforeWasAnomalous() throws Exception {
    Timeline t = new Timeline(4);
    try (var harness = harness()) {
      harness.open();
      for (int i = 0; i < 6; i++) { // minute 0: six failed redirects, a broken minute
        var click =
            SubjectClick.of(
                t.human("l1", "c1", Timeline.T0 + i * 1000, i, 502), SubjectClick.LINK, "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }
      harness.processWatermark(Timeline.T0 + 3 * MINUTE);

      List<MinuteObservation> minutes = minutes(harness.extractOutputValues());
      // Minute 1 has no clicks but follows a broken one, so it is judged (it ends the run); minute
      // 2
      // is calm after calm and not emitted.
      assertEquals(List.of(true, false), minutes.stream().map(o -> o.broken).toList());
      assertEquals(List.of(false, true), minutes.stream().map(o -> o.afterBroken).toList());
      assertTrue(minutes.stream().noneMatch(o -> o.afterSpike || o.afterDrop));
    }
  }

  @Test
  void silentMinutesAreJudgedWhereTheyWouldBeDrops() throws Exception {
    // A campaign link with 20 human clicks a minute for 19 minutes (one short of the 20-minute
    // warm-up), then silence. Minute 19 cannot alert (not warm yet) and is learnt (mean 19);
    // minute 20 is warm, and with a baseline of 19 (drop rule: at least 4; P(0 | Poisson(19)) =
    // e^-19, far below the 1e-5 level) silence is a drop: it and every silent minute after it are
    // judged and emitted; minute 19 is not.
    Timeline t = new Timeline(6);
    try (var harness = harness()) {
      harness.open();
      for (int minute = 0; minute < 19; minute++) {
        for (int i = 0; i < 20; i++) {
          var click =
              SubjectClick.of(
                  t.human("l1", "c1", Timeline.T0 + minute * MINUTE + i * 1000, i, 302),
                  SubjectClick.LINK,
                  "l1");
          harness.processElement(new StreamRecord<>(click, click.eventTime));
        }
      }
      harness.processWatermark(Timeline.T0 + 25 * MINUTE);

      List<MinuteObservation> silent =
          minutes(harness.extractOutputValues()).stream().filter(o -> o.clicks == 0).toList();
      assertEquals(
          List.of(20L, 21L, 22L, 23L, 24L),
          silent.stream().map(o -> (o.minute - Timeline.T0) / MINUTE).toList());
      assertTrue(silent.stream().allMatch(o -> o.drop), silent.toString());

      // Silence goes on: every minute is a drop (drop minutes do not teach the baseline) until the
      // link is forgotten, inactive-after (2 h) after its last click; the end mark ends the run.
      long lastClick = Timeline.T0 + 18 * MINUTE + 19_000;
      harness.processWatermark(Timeline.T0 + 4 * 3600 * 1000);
      List<MinuteObservation> out = harness.extractOutputValues();
      MinuteObservation end = out.get(out.size() - 1);
      assertTrue(end.end, end.toString());
      assertTrue(
          end.minute - lastClick >= 2 * 3600 * 1000
              && end.minute - lastClick < 2 * 3600 * 1000 + MINUTE,
          "forgotten inactive-after (2 h) after the last click: " + end);
      assertEquals(out.get(out.size() - 2).minute + MINUTE, end.minute);
      assertForgotten(harness, AlertRules.bundled());
    }
  }

  @Test
  void endOfInputEndsARunStillOpen() throws Exception {
    Timeline t = new Timeline(7);
    try (var harness = harness()) {
      harness.open();
      for (int i = 0; i < 6; i++) { // six failed redirects: a broken minute
        var click =
            SubjectClick.of(
                t.human("l1", "c1", Timeline.T0 + i * 1000, i, 502), SubjectClick.LINK, "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }
      harness.processWatermark(Long.MAX_VALUE);
      assertEquals(
          List.of("BROKEN", "END@1"),
          harness.extractOutputValues().stream()
              .map(
                  o ->
                      o.end ? "END@" + (o.minute - Timeline.T0) / MINUTE : o.broken ? "BROKEN" : "")
              .toList());
      assertEquals(0, harness.numKeyedStateEntries());
    }
  }

  /**
   * The operator state is written as POJOs; the keyed {@code ObservedSubject} is written in its
   * wire format, but stays a POJO too: savepoints from before hold it so, and restore through that
   * serializer.
   */
  @Test
  void stateIsSerializedAsPojosNotWithKryo() {
    for (Class<?> type :
        List.of(
            ObserveMinutes.OpenMinute.class,
            ObserveMinutes.ObservedSubject.class,
            Baseline.class)) {
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
  void openMinutesSurviveARestoreAndARescaleBySubject() throws Exception {
    // Eight links' clicks in minute 0, part before a snapshot at parallelism 1, the rest after a
    // restore at parallelism 2 into the task that owns each link: each link's minute is judged
    // once, with all its clicks.
    Timeline t = new Timeline(8);
    List<SubjectClick> clicks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String link = "l" + (i % 8);
      clicks.add(
          SubjectClick.of(
              t.human(link, "c1", Timeline.T0 + i * 1000, i, 302), SubjectClick.LINK, link));
    }
    int maxParallelism = 128;
    OperatorSubtaskState snapshot;
    try (var h = harness(1, 0, maxParallelism)) {
      h.open();
      for (SubjectClick c : clicks.subList(0, 25)) {
        h.processElement(new StreamRecord<>(c, c.eventTime));
      }
      snapshot = h.snapshot(1, 1);
    }
    Map<String, Long> judged = new TreeMap<>();
    for (int task = 0; task < 2; task++) {
      try (var h = harness(2, task, maxParallelism)) {
        h.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, maxParallelism, 1, 2, task));
        h.open();
        for (SubjectClick c : clicks.subList(25, clicks.size())) {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(c.subjectKey(), maxParallelism, 2)
              == task) {
            h.processElement(new StreamRecord<>(c, c.eventTime));
          }
        }
        h.processWatermark(Timeline.T0 + MINUTE);
        for (MinuteObservation o : h.extractOutputValues()) {
          assertEquals(null, judged.put(o.subjectId, o.clicks), "each subject in one task, once");
        }
      }
    }
    assertEquals(8, judged.size());
    assertTrue(judged.values().stream().allMatch(n -> n == 5), judged.toString());
  }

  /**
   * Whether the observer has forgotten every subject once their state's TTL has passed (inactive-
   * after plus the margin for a stopped job, in processing time): calm subjects are forgotten
   * lazily, without a timer. No timer is ever left.
   */
  static void assertForgotten(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation> harness,
      AlertRules rules)
      throws Exception {
    assertEquals(0, harness.numEventTimeTimers(), "event-time timers");
    harness.setStateTtlProcessingTime(
        AlertRules.parse(rules.baseline().inactiveAfter)
                .plus(ObserveMinutes.KEEP_ACROSS_STOPS)
                .toMillis()
            + 1);
    OperatorSubtaskState snapshot = harness.snapshot(1, 1);
    try (var restored =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new ObserveMinutes(rules), SubjectClick::subjectKey, Types.STRING)) {
      restored.initializeState(snapshot);
      restored.open();
      assertEquals(0, restored.numKeyedStateEntries(), "keyed state after its TTL");
    }
  }

  /** The minutes, without the marks. */
  private static List<MinuteObservation> minutes(List<MinuteObservation> out) {
    return out.stream().filter(MinuteObservation::isMinute).toList();
  }

  @Test
  void endOfInputSeesNoDropBeforeClicksFromAClockRunningAhead() throws Exception {
    // A warm campaign link at 20 clicks a minute for 30 minutes; the input ends there, but one
    // redirect instance's clock runs 4 minutes fast: its clicks are dated minutes 31, 32 and 34.
    // Minutes 30-34 are quiet only because the input ended: no drop.
    Timeline t = new Timeline(8);
    try (var harness = harness()) {
      harness.open();
      for (int minute = 0; minute < 30; minute++) {
        for (int i = 0; i < 20; i++) {
          var click =
              SubjectClick.of(
                  t.human("l1", "c1", Timeline.T0 + minute * MINUTE + i * 3000, i, 302),
                  SubjectClick.LINK,
                  "l1");
          harness.processElement(new StreamRecord<>(click, click.eventTime));
        }
      }
      for (long ahead : new long[] {31 * MINUTE + 5_000, 32 * MINUTE, 34 * MINUTE + 5_000}) {
        var fast = t.human("l1", "c1", Timeline.T0 + ahead, 99, 302);
        fast.click.clockAheadMillis = 4 * MINUTE;
        var click = SubjectClick.of(fast, SubjectClick.LINK, "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }
      harness.processWatermark(Long.MAX_VALUE);

      List<MinuteObservation> out = minutes(harness.extractOutputValues());
      assertTrue(out.stream().noneMatch(o -> o.drop), out.toString());
      assertTrue(
          out.stream().noneMatch(o -> o.minute >= Timeline.T0 + 30 * MINUTE),
          "no minute after the input's end is judged: " + out);
    }
  }
}
