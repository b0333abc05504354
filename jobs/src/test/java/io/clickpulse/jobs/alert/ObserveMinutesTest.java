package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ObserveMinutesTest {
  private static final long MINUTE = 60_000;

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, MinuteObservation>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new ObserveMinutes(AlertRules.bundled())),
        SubjectClick::subjectKey,
        Types.STRING);
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
      // The start mark comes first, with the first minute (so an episode can begin on it).
      assertTrue(out.get(0).start, out.get(0).toString());
      assertEquals("link:l1", out.get(0).subjectKey());
      assertEquals(Timeline.T0, out.get(0).minute);
      List<MinuteObservation> minutes = minutes(out);
      // The empty minute between is calm and follows a calm one: no pattern needs it, so it is
      // not emitted, but the baseline learns it (EWMA span 60: alpha 2/61) before minute 2.
      assertEquals(List.of(3L, 1L), minutes.stream().map(o -> o.clicks).toList());
      assertEquals(1, minutes.get(0).redirectErrors);
      assertEquals(Timeline.T0 + 2 * MINUTE, minutes.get(1).minute);
      assertEquals(3 * (1 - 2.0 / 61), minutes.get(1).baselineMean, 1e-9);

      assertTrue(out.stream().noneMatch(o -> o.end));
      assertEquals(1, out.stream().filter(o -> o.start).count());

      // Two hours without clicks: the subject is forgotten, no state and no timers remain, and
      // its last minute is followed by the end mark (so open episodes end).
      harness.processWatermark(Timeline.T0 + 4 * 3600 * 1000);
      out = harness.extractOutputValues();
      assertEquals(4, out.size(), "start, two minutes with clicks, end: " + out);
      MinuteObservation end = out.get(out.size() - 1);
      assertTrue(end.end, end.toString());
      assertEquals("link:l1", end.subjectKey());
      assertEquals(1, out.stream().filter(o -> o.end).count());
      long lastClick = later.eventTime;
      assertTrue(
          end.minute - lastClick >= 2 * 3600 * 1000
              && end.minute - lastClick < 2 * 3600 * 1000 + MINUTE,
          "forgotten inactive-after (2 h) after the last click: " + end);
      assertEquals(1, out.stream().filter(o -> o.start).count());
      assertEquals(0, harness.numKeyedStateEntries());
      assertEquals(0, harness.numEventTimeTimers());

      // Clicks again: its minutes start anew, after a new start mark.
      int before = out.size();
      var back =
          SubjectClick.of(
              t.human("l1", "c1", Timeline.T0 + 5 * 3600 * 1000, 10, 302), SubjectClick.LINK, "l1");
      harness.processElement(new StreamRecord<>(back, back.eventTime));
      harness.processWatermark(Timeline.T0 + 5 * 3600 * 1000 + MINUTE);
      out = harness.extractOutputValues();
      assertEquals(
          List.of("START", "1"),
          out.subList(before, out.size()).stream()
              .map(o -> o.start ? "START" : o.end ? "END" : String.valueOf(o.clicks))
              .toList());
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

      // The gap minute between two minutes with clicks is real; nothing after the last one is,
      // and the end mark says that the subject is no longer observed.
      List<MinuteObservation> out = harness.extractOutputValues();
      assertEquals(
          List.of("START", "1", "1", "END"),
          out.stream()
              .map(o -> o.start ? "START" : o.end ? "END" : String.valueOf(o.clicks))
              .toList());
      assertEquals(Timeline.T0, out.get(0).minute);
      assertEquals(Timeline.T0 + 3 * MINUTE, out.get(3).minute);
      assertEquals(0, harness.numKeyedStateEntries());
      assertEquals(0, harness.numEventTimeTimers());
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
  void aSubjectRestoredFromStateWithoutMarksGetsItsStartMarkWithItsNextMinute() throws Exception {
    Timeline t = new Timeline(5);
    try (var harness = harness()) {
      harness.open();
      for (int minute = 0; minute < 3; minute++) {
        var click =
            SubjectClick.of(
                t.human("l1", "c1", Timeline.T0 + minute * MINUTE, minute, 302),
                SubjectClick.LINK,
                "l1");
        harness.processElement(new StreamRecord<>(click, click.eventTime));
      }
      harness.processWatermark(Timeline.T0 + 2 * MINUTE);
      assertEquals(1, harness.extractOutputValues().stream().filter(o -> o.start).count());

      // As restored from a version without marks: the baseline has no startMarked (false).
      var backend = harness.getOperator().getKeyedStateBackend();
      backend.setCurrentKey("link:l1");
      ValueState<Baseline> state =
          backend.getPartitionedState(
              VoidNamespace.INSTANCE,
              VoidNamespaceSerializer.INSTANCE,
              new ValueStateDescriptor<>("baseline", Baseline.class));
      Baseline old = state.value();
      old.startMarked = false;
      state.update(old);

      int before = harness.extractOutputValues().size();
      harness.processWatermark(Timeline.T0 + 3 * MINUTE);
      List<MinuteObservation> out = harness.extractOutputValues();
      assertEquals(
          List.of("START", "1"),
          out.subList(before, out.size()).stream()
              .map(o -> o.start ? "START" : String.valueOf(o.clicks))
              .toList());
      assertEquals(Timeline.T0 + 2 * MINUTE, out.get(before).minute);
      backend.setCurrentKey("link:l1");
      assertEquals(3, state.value().minutes, "the baseline is kept, with the new minute");
    }
  }

  @Test
  void silentMinutesAreJudgedWhereTheyWouldBeDrops() throws Exception {
    // A campaign link with 20 human clicks a minute for 14 minutes (one short of the 15-minute
    // warm-up), then silence. Minute 14 cannot alert (not warm yet); minute 15 is warm, and with
    // a baseline near 20 (drop rule: at least 10, 4 spreads of about sqrt(20) below) silence is
    // a drop: it and every silent minute after it are judged and emitted; minute 14 is not.
    Timeline t = new Timeline(6);
    try (var harness = harness()) {
      harness.open();
      for (int minute = 0; minute < 14; minute++) {
        for (int i = 0; i < 20; i++) {
          var click =
              SubjectClick.of(
                  t.human("l1", "c1", Timeline.T0 + minute * MINUTE + i * 1000, i, 302),
                  SubjectClick.LINK,
                  "l1");
          harness.processElement(new StreamRecord<>(click, click.eventTime));
        }
      }
      harness.processWatermark(Timeline.T0 + 20 * MINUTE);

      List<MinuteObservation> silent =
          minutes(harness.extractOutputValues()).stream().filter(o -> o.clicks == 0).toList();
      assertEquals(
          List.of(15L, 16L, 17L, 18L, 19L),
          silent.stream().map(o -> (o.minute - Timeline.T0) / MINUTE).toList());
      assertTrue(silent.stream().allMatch(o -> o.drop), silent.toString());
    }
  }

  /** The minutes, without the marks. */
  private static List<MinuteObservation> minutes(List<MinuteObservation> out) {
    return out.stream().filter(MinuteObservation::isMinute).toList();
  }
}
