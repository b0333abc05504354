package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.JsonSchemas;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class HourlyThresholdAlertsTest {
  private static final long H = HourlyCounts.HOUR;
  private static final long T0 = Timeline.T0;
  private static final AlertRules RULES =
      AlertRules.parse(
          new ByteArrayInputStream(
              "hourly: { link-clicks: 3, campaign-clicks: 5 }".getBytes(StandardCharsets.UTF_8)),
          "test.yaml");

  private final Timeline t = new Timeline(1);

  private static KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, Alert> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new HourlyThresholdAlerts(RULES), SubjectClick::subjectKey, Types.STRING);
  }

  private SubjectClick link(String link, long time) {
    return SubjectClick.of(t.human(link, "c1", time, 1, 302), SubjectClick.LINK, link);
  }

  private static void send(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, Alert> h, SubjectClick click)
      throws Exception {
    h.processElement(new StreamRecord<>(click, click.eventTime));
  }

  private static List<String> summary(List<Alert> alerts) {
    List<String> out = new ArrayList<>();
    for (Alert a : alerts) {
      out.add(
          a.status
              + " "
              + a.subjectId
              + " @"
              + (a.windowStart - T0) / H
              + "h observed="
              + (long) a.observed);
    }
    return out;
  }

  @Test
  void firesOnTheClickThatPassesTheThresholdAndResolvesWhenTheHourEnds() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 6; i++) {
        send(h, link("l1", T0 + 10 * 60_000 + i * 60_000)); // 6 clicks from 00:10, threshold 3
        if (i == 2) {
          assertEquals(List.of(), h.extractOutputValues(), "3 is not above 3");
        }
        if (i == 3) {
          assertEquals(List.of("firing l1 @0h observed=4"), summary(h.extractOutputValues()));
        }
      }
      send(h, link("l2", T0 + 30 * 60_000)); // one click: never fires
      h.processWatermark(T0 + H - 2);
      assertEquals(1, h.extractOutputValues().size(), "the hour is not over: no resolution yet");

      h.processWatermark(T0 + H - 1);

      List<Alert> out = h.extractOutputValues();
      assertEquals(List.of("firing l1 @0h observed=4", "resolved l1 @0h observed=6"), summary(out));
      Alert firing = out.get(0);
      Alert resolved = out.get(1);
      assertEquals(firing.alertId, resolved.alertId);
      assertEquals(AlertIds.alertId("hourly_clicks", "link", "l1", T0), firing.alertId);
      assertEquals(T0 + H, firing.windowEnd);
      assertEquals(3, firing.expected);
      assertEquals(
          "Link l1 of campaign c1 got more than 3 human clicks between 00:00 and 01:00 UTC on "
              + java.time.LocalDate.ofEpochDay(T0 / 86_400_000L)
              + ": the hourly threshold was passed at 00:13 UTC, 47 minutes before the hour ends",
          firing.reason);
      assertTrue(
          resolved.reason.startsWith(
              "Link l1 of campaign c1 got 6 human clicks between 00:00 and 01:00 UTC"),
          resolved.reason);
      assertTrue(resolved.reason.endsWith("above the hourly threshold of 3"), resolved.reason);
      assertEquals("6", resolved.evidence.get("clicks_in_hour"));
      // The context: the link as its clicks describe it, and the hour's human clicks.
      SubjectClick clicked = link("l1", T0);
      assertEquals(clicked.shortUrl, firing.context.shortUrl);
      assertEquals(clicked.destinationUrl, resolved.context.destinationUrl);
      assertEquals(4, firing.context.humanClicks);
      assertEquals(6, resolved.context.humanClicks);
      JsonSchemas.assertValidAlert(firing);
      JsonSchemas.assertValidAlert(resolved);
      assertEquals(0, h.numEventTimeTimers(), "no timers");
      assertEquals(1, h.numKeyedStateEntries(), "only l2's unfired hour, until its TTL");
      assertNothingLeftAfterTtl(h);
    }
  }

  @Test
  void eachHourFiresOnceAndLateClicksOfAClosedHourAreIgnored() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 10; i++) {
        send(h, link("l1", T0 + i * 60_000));
      }
      h.processWatermark(T0 + H + 60_000);
      for (int i = 0; i < 10; i++) {
        send(h, link("l1", T0 + 30 * 60_000 + i)); // hour 0 is closed: late
      }
      for (int i = 0; i < 4; i++) {
        send(h, link("l1", T0 + H + 5 * 60_000 + i)); // hour 1: fires again, its own id
      }
      h.processWatermark(Long.MAX_VALUE); // end of input resolves what is open

      List<Alert> out = h.extractOutputValues();
      assertEquals(
          List.of(
              "firing l1 @0h observed=4",
              "resolved l1 @0h observed=10",
              "firing l1 @1h observed=4",
              "resolved l1 @1h observed=4"),
          summary(out));
      assertEquals(2, out.stream().map(a -> a.alertId).distinct().count());
      assertEquals(0, h.numKeyedStateEntries(), "resolved hours leave nothing");
    }
  }

  @Test
  void botsDoNotCountAndCampaignsHaveTheirOwnThreshold() throws Exception {
    try (var h = harness()) {
      h.open();
      for (int i = 0; i < 10; i++) {
        SubjectClick bot = link("l1", T0 + i * 1000);
        bot.human = false;
        send(h, bot);
      }
      for (int i = 0; i < 6; i++) {
        var c = t.human("l" + i, "c1", T0 + i * 1000, i, 302);
        send(h, SubjectClick.of(c, SubjectClick.CAMPAIGN, "c1"));
      }
      h.processWatermark(Long.MAX_VALUE);
      assertEquals(
          List.of("firing c1 @0h observed=6", "resolved c1 @0h observed=6"),
          summary(h.extractOutputValues()));
      assertEquals("campaign", h.extractOutputValues().get(0).subjectType);
      assertEquals("", h.extractOutputValues().get(0).linkId);
    }
  }

  @Test
  void aRestartFromACheckpointGivesTheSameAlertsAsARunWithout() throws Exception {
    List<SubjectClick> clicks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      clicks.add(link("l1", T0 + i * 5 * 60_000));
      clicks.add(link("l2", T0 + i * 7 * 60_000));
    }
    List<Alert> straight;
    try (var h = harness()) {
      h.open();
      for (SubjectClick c : clicks) {
        send(h, c);
      }
      h.processWatermark(Long.MAX_VALUE);
      straight = h.extractOutputValues();
    }

    OperatorSubtaskState checkpoint;
    List<Alert> restarted = new ArrayList<>();
    try (var h = harness()) {
      h.open();
      for (SubjectClick c : clicks.subList(0, 9)) { // l1 has fired, l2 not yet
        send(h, c);
      }
      restarted.addAll(h.extractOutputValues());
      checkpoint = h.snapshot(1, 1);
    }
    try (var h = harness()) {
      h.initializeState(checkpoint);
      h.open();
      for (SubjectClick c : clicks.subList(9, clicks.size())) {
        send(h, c);
      }
      h.processWatermark(Long.MAX_VALUE);
      restarted.addAll(h.extractOutputValues());
    }

    assertEquals(
        List.of(
            "firing l1 @0h observed=4",
            "firing l2 @0h observed=4",
            "resolved l1 @0h observed=8",
            "resolved l2 @0h observed=8"),
        summary(straight).stream().sorted().toList());
    assertEquals(summary(straight), summary(restarted));
    assertEquals(
        straight.stream().map(a -> a.alertId + a.status + a.reason).toList(),
        restarted.stream().map(a -> a.alertId + a.status + a.reason).toList());
  }

  @Test
  void firedHoursAndCountsSurviveARescaleBySubject() throws Exception {
    // Eight links fire in hour 0 at parallelism 1 and get more clicks after a restore at
    // parallelism 2: each link's hour is resolved once, by the task that owns the link, with all
    // its clicks.
    List<SubjectClick> clicks = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      clicks.add(link("l" + (i % 8), T0 + i * 10_000L));
    }
    int maxParallelism = 128;
    OperatorSubtaskState snapshot;
    try (var h =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new HourlyThresholdAlerts(RULES),
            SubjectClick::subjectKey,
            Types.STRING,
            maxParallelism,
            1,
            0)) {
      h.open();
      for (SubjectClick c : clicks.subList(0, 48)) { // 6 each: all fired
        send(h, c);
      }
      assertEquals(8, h.extractOutputValues().size());
      snapshot = h.snapshot(1, 1);
    }
    Map<String, Long> resolved = new TreeMap<>();
    for (int task = 0; task < 2; task++) {
      try (var h =
          new KeyedOneInputStreamOperatorTestHarness<>(
              new HourlyThresholdAlerts(RULES),
              SubjectClick::subjectKey,
              Types.STRING,
              maxParallelism,
              2,
              task)) {
        h.initializeState(
            AbstractStreamOperatorTestHarness.repartitionOperatorState(
                snapshot, maxParallelism, 1, 2, task));
        h.open();
        for (SubjectClick c : clicks.subList(48, clicks.size())) {
          if (KeyGroupRangeAssignment.assignKeyToParallelOperator(c.subjectKey(), maxParallelism, 2)
              == task) {
            send(h, c);
          }
        }
        h.processWatermark(T0 + H);
        for (Alert a : h.extractOutputValues()) {
          assertEquals("resolved", a.status, "no hour fires twice: " + a);
          assertEquals(null, resolved.put(a.subjectId, (long) a.observed), "once, in one task");
        }
      }
    }
    assertEquals(8, resolved.size());
    assertTrue(resolved.values().stream().allMatch(n -> n == 10), resolved.toString());
  }

  /** After the state TTL nothing is left: no keyed state, no hour waiting for the watermark. */
  private static void assertNothingLeftAfterTtl(
      KeyedOneInputStreamOperatorTestHarness<String, SubjectClick, Alert> h) throws Exception {
    h.setStateTtlProcessingTime(HourlyThresholdAlerts.KEEP.toMillis() + 1);
    OperatorSubtaskState snapshot = h.snapshot(2, 2);
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      assertEquals(0, restored.numKeyedStateEntries(), "keyed state after its TTL");
      restored.processWatermark(Long.MAX_VALUE);
      assertEquals(List.of(), restored.extractOutputValues(), "no fired hour was left waiting");
    }
  }
}
