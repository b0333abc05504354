package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.clickpulse.udf.crm.CrmClick;
import io.clickpulse.udf.crm.CrmRule;
import io.clickpulse.udf.crm.CrmRule.Kind;
import io.clickpulse.udf.crm.CrmRules;
import io.clickpulse.udf.crm.CrmSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The CRM operators on Flink's harness: event-time order, one signal per window, ids that a replay
 * and a restore reproduce, and no state or timers once the windows have passed.
 */
class DetectCrmSignalsTest {
  static final long T0 = 1_795_000_000_000L;
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  static final CrmRules RULES =
      CrmRules.of(
          List.of(
              new CrmRule(
                  "pricing", Kind.TAGGED_CLICKS, "pricing", "", "", 2, Duration.ofDays(7), "crm"),
              new CrmRule("first", Kind.FIRST_CLICK, "", "", "", 1, Duration.ofDays(30), ""),
              new CrmRule(
                  "acme-hour", Kind.PARTNER_VOLUME, "", "acme", "", 3, Duration.ofHours(1), "")));

  static CrmClick click(String id, String contact, long time, String campaign, String... tags) {
    CrmClick c = new CrmClick();
    c.eventId = id;
    c.eventTime = time;
    c.contactId = contact;
    c.campaignId = campaign;
    c.campaignName = campaign.toUpperCase();
    c.linkId = "lnk-" + campaign;
    c.linkOwner = "acme";
    c.linkTags = new ArrayList<>(List.of(tags));
    return c;
  }

  private static KeyedOneInputStreamOperatorTestHarness<String, CrmClick, CrmSignal> harness(
      boolean partner) throws Exception {
    KeyedOneInputStreamOperatorTestHarness<String, CrmClick, CrmSignal> h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new DetectCrmSignals(RULES, partner)),
            c -> c.key(RULES),
            Types.STRING);
    h.open();
    return h;
  }

  private static List<String> drain(
      KeyedOneInputStreamOperatorTestHarness<String, CrmClick, CrmSignal> h) {
    List<String> out =
        h.extractOutputValues().stream()
            .map(s -> s.rule + " " + s.subjectId + " " + s.triggerClickId + " x" + s.clickCount)
            .toList();
    h.getOutput().clear();
    return out;
  }

  @Test
  void firesOncePerContactAndWindowInEventTimeOrder() throws Exception {
    try (var h = harness(false)) {
      // Arrival order differs from event time: the operator waits for the watermark.
      h.processElement(new StreamRecord<>(click("e2", "c-1", T0 + DAY, "cmp-a", "pricing"), 0));
      h.processElement(new StreamRecord<>(click("e1", "c-1", T0, "cmp-a", "pricing"), 0));
      h.processElement(new StreamRecord<>(click("e3", "c-1", T0 + 2 * DAY, "cmp-a", "pricing"), 0));
      assertEquals(List.of(), drain(h), "nothing before the watermark passes the clicks");
      h.processWatermark(new Watermark(T0 + 2 * DAY));
      assertEquals(
          List.of("first c-1 e1 x1", "pricing c-1 e2 x2"),
          drain(h),
          "e1 first on cmp-a; e1 and e2 make the pricing signal, e3 falls in its quiet week");
      h.processElement(new StreamRecord<>(click("e4", "c-1", T0 + 9 * DAY, "cmp-a", "pricing"), 0));
      h.processElement(
          new StreamRecord<>(click("e5", "c-1", T0 + 10 * DAY, "cmp-a", "pricing"), 0));
      h.processWatermark(new Watermark(T0 + 10 * DAY));
      assertEquals(List.of("pricing c-1 e5 x2"), drain(h), "a new week, a new signal");
    }
  }

  @Test
  void contactsAreIndependent() throws Exception {
    try (var h = harness(false)) {
      h.processElement(new StreamRecord<>(click("a1", "c-1", T0, "cmp-a", "pricing"), 0));
      h.processElement(new StreamRecord<>(click("b1", "c-2", T0 + HOUR, "cmp-a", "pricing"), 0));
      h.processWatermark(new Watermark(T0 + DAY));
      assertEquals(
          List.of("first c-1 a1 x1", "first c-2 b1 x1"), drain(h).stream().sorted().toList());
    }
  }

  @Test
  void noStateOrTimersLeftOnceTheWindowsHavePassed() throws Exception {
    try (var h = harness(false)) {
      h.processElement(new StreamRecord<>(click("e1", "c-1", T0, "cmp-a", "pricing"), 0));
      h.processElement(new StreamRecord<>(click("e2", "c-1", T0 + HOUR, "cmp-a", "pricing"), 0));
      h.processElement(new StreamRecord<>(click("e3", "c-9", T0, "cmp-b"), 0));
      h.processWatermark(new Watermark(T0 + HOUR));
      assertEquals(3, drain(h).size());
      // pricing is quiet until e2 + 7 d; cmp-a and cmp-b are remembered 30 d after their clicks.
      h.processWatermark(new Watermark(T0 + 29 * DAY));
      assertNotEquals(0, h.numKeyedStateEntries());
      assertEquals(2, h.numEventTimeTimers(), "one cleanup timer per contact");
      h.processWatermark(new Watermark(T0 + HOUR + 30 * DAY));
      assertEquals(0, h.numKeyedStateEntries());
      assertEquals(0, h.numEventTimeTimers());
      assertEquals(List.of(), drain(h));
    }
  }

  @Test
  void partnerVolumeIsKeyedByRuleAndSubjectAndLeavesNothingBehind() throws Exception {
    try (var h = harness(true)) {
      for (int i = 0; i < 4; i++) {
        CrmClick c = click("p" + i, "", T0 + i * 10 * 60_000L, "cmp-p").forPartnerRule("acme-hour");
        h.processElement(new StreamRecord<>(c, 0));
      }
      h.processWatermark(new Watermark(T0 + HOUR));
      List<CrmSignal> signals = h.extractOutputValues();
      assertEquals(1, signals.size(), "three clicks within the hour, the fourth in its quiet hour");
      CrmSignal s = signals.get(0);
      assertEquals("owner", s.subjectType);
      assertEquals("acme", s.subjectId);
      assertEquals("", s.contactId, "a partner signal is about no contact");
      assertEquals(3, s.clickCount);
      assertEquals("p2", s.triggerClickId);
      h.processWatermark(new Watermark(T0 + 2 * HOUR));
      assertEquals(0, h.numKeyedStateEntries());
      assertEquals(0, h.numEventTimeTimers());
    }
  }

  @Test
  void aReplayAndARestoreMakeTheSameSignalsWithTheSameIds() throws Exception {
    List<CrmClick> input =
        List.of(
            click("e1", "c-1", T0, "cmp-a", "pricing"),
            click("e2", "c-1", T0 + HOUR, "cmp-b", "pricing"),
            click("e3", "c-1", T0 + 2 * HOUR, "cmp-b", "pricing"),
            click("e4", "c-1", T0 + 8 * DAY, "cmp-b", "pricing"),
            click("e5", "c-1", T0 + 9 * DAY, "cmp-c", "pricing"));
    List<CrmSignal> once = run(input, -1);
    assertEquals(once, run(input, -1), "a replay from the start");
    for (int cut = 1; cut < input.size(); cut++) {
      assertEquals(once, run(input, cut), "a restore after " + cut + " clicks");
    }
    assertEquals(
        List.of("first e1", "pricing e2", "first e2", "pricing e5", "first e5"),
        once.stream().map(s -> s.rule + " " + s.triggerClickId).toList());
  }

  /** All signals of {@code input}, one click per watermark; restored from a snapshot at cut. */
  private static List<CrmSignal> run(List<CrmClick> input, int cut) throws Exception {
    List<CrmSignal> out = new ArrayList<>();
    var h = harness(false);
    for (int i = 0; i < input.size(); i++) {
      if (i == cut) {
        OperatorSubtaskState snapshot = h.snapshot(1, 1);
        out.addAll(h.extractOutputValues());
        h.close();
        h =
            new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DetectCrmSignals(RULES, false)),
                c -> c.key(RULES),
                Types.STRING);
        h.initializeState(snapshot);
        h.open();
      }
      CrmClick c = input.get(i);
      h.processElement(new StreamRecord<>(c, c.eventTime));
      h.processWatermark(new Watermark(c.eventTime));
    }
    out.addAll(h.extractOutputValues());
    h.close();
    return out;
  }
}
