package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class MilestoneAlertsTest {
  private static final long T0 = Timeline.T0;
  private static final long DAY = 86_400_000L;
  private static final AlertRules RULES =
      AlertRules.parse(
          new ByteArrayInputStream(
              ("milestones: { clicks: [10, 100], forget-after: 7 d }\n"
                      + "priority-links: { vip: { spike-clicks-per-minute: 50, milestones: [5] } }")
                  .getBytes(StandardCharsets.UTF_8)),
          "test.yaml");

  private final Timeline t = new Timeline(1);

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, Alert> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new MilestoneAlerts(RULES)),
        SubjectClick::subjectKey,
        Types.STRING);
  }

  private SubjectClick campaign(String campaign, long time) {
    return SubjectClick.of(
        t.human("l-" + time % 7, campaign, time, 1, 302), SubjectClick.CAMPAIGN, campaign);
  }

  private static List<Alert> run(List<SubjectClick> clicks) throws Exception {
    try (var h = harness()) {
      h.open();
      for (SubjectClick c : clicks) {
        h.processElement(new StreamRecord<>(c, c.eventTime));
      }
      return h.extractOutputValues();
    }
  }

  @Test
  void eachValueFiresOnceWithTheCampaignsAgeAsContext() throws Exception {
    List<SubjectClick> clicks = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      clicks.add(campaign("spring", T0 + i * 3_600_000L)); // one an hour from T0
    }
    clicks.add(campaign("small", T0)); // 1 click: nothing
    var vip = t.human("vip", "spring", T0, 1, 302);
    for (int i = 0; i < 6; i++) {
      clicks.add(SubjectClick.of(vip, SubjectClick.LINK, "vip"));
    }

    List<Alert> out = run(clicks);

    assertEquals(
        List.of("campaign:spring 10", "campaign:spring 100", "link:vip 5"),
        out.stream()
            .map(a -> a.subjectType + ":" + a.subjectId + " " + (long) a.observed)
            .toList());
    Alert hundred = out.get(1);
    assertEquals("firing", hundred.status);
    assertEquals("milestone", hundred.rule);
    assertEquals(AlertIds.alertId("milestone", "campaign", "spring", 100), hundred.alertId);
    assertEquals(
        "Campaign spring reached 100 human clicks (first click 4 days ago)", hundred.reason);
    assertEquals(T0, hundred.windowStart);
    assertEquals(T0 + 99 * 3_600_000L + 1, hundred.windowEnd);
    assertEquals(
        "Link vip of campaign spring reached 5 human clicks", out.get(2).reason.split(" \\(")[0]);
  }

  @Test
  void anyOrderAndAnyRestartGiveTheSameIds() throws Exception {
    List<SubjectClick> clicks = new ArrayList<>();
    for (int i = 0; i < 240; i++) {
      clicks.add(campaign(i % 2 == 0 ? "a" : "b", T0 + i * 1000L));
    }
    List<String> expected = ids(run(clicks));
    assertEquals(4, expected.size(), "a and b, 120 clicks each, reach 10 and 100: " + expected);

    for (int seed = 0; seed < 5; seed++) {
      List<SubjectClick> shuffled = new ArrayList<>(clicks);
      Collections.shuffle(shuffled, new Random(seed));
      int cut = 15 + seed * 45; // before, between and after the values
      OperatorSubtaskState checkpoint;
      List<Alert> out = new ArrayList<>();
      try (var h = harness()) {
        h.open();
        for (SubjectClick c : shuffled.subList(0, cut)) {
          h.processElement(new StreamRecord<>(c, c.eventTime));
        }
        out.addAll(h.extractOutputValues());
        checkpoint = h.snapshot(1, 1);
      }
      try (var h = harness()) {
        h.initializeState(checkpoint);
        h.open();
        for (SubjectClick c : shuffled.subList(cut, shuffled.size())) {
          h.processElement(new StreamRecord<>(c, c.eventTime));
        }
        out.addAll(h.extractOutputValues());
      }
      assertEquals(expected, ids(out), "seed " + seed);
    }
  }

  @Test
  void botsDoNotCountAndTheCountIsForgottenAfterForgetAfter() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 20; i++) {
        SubjectClick bot = campaign("spring", T0 + i);
        bot.human = false;
        h.processElement(new StreamRecord<>(bot, bot.eventTime));
      }
      for (int i = 0; i < 9; i++) {
        SubjectClick c = campaign("spring", T0 + i);
        h.processElement(new StreamRecord<>(c, c.eventTime));
      }
      assertEquals(List.of(), h.extractOutputValues(), "9 human clicks, 20 bots");
      assertEquals(1, h.numKeyedStateEntries());
      assertEquals(0, h.numEventTimeTimers() + h.numProcessingTimeTimers(), "no timers");

      h.setStateTtlProcessingTime(7 * DAY + 1);
      OperatorSubtaskState snapshot = h.snapshot(1, 1);
      try (var restored = harness()) {
        restored.initializeState(snapshot);
        restored.open();
        assertEquals(0, restored.numKeyedStateEntries(), "the count expired with forget-after");
      }
    }
  }

  private static List<String> ids(List<Alert> alerts) {
    return alerts.stream()
        .map(a -> a.subjectId + "/" + (long) a.observed + "/" + a.alertId)
        .sorted()
        .toList();
  }
}
