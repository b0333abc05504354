package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/** The order step alone: what it lets out when, and that it keeps nothing afterwards. */
class OrderEpisodeAlertsTest {
  private static final long MINUTE = 60_000;

  private static KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness()
      throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new OrderEpisodeAlerts()), a -> a.alertId, Types.STRING);
  }

  /** An alert of episode {@code id}, stamped with minute {@code m} as the CEP operators do. */
  private static StreamRecord<Alert> alert(String id, String status, int m) {
    Alert a = new Alert();
    a.alertId = id;
    a.rule = "spike";
    a.status = status;
    return new StreamRecord<>(a, m * MINUTE + MINUTE - 1);
  }

  private static List<String> out(KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> h) {
    return h.extractOutputValues().stream().map(a -> a.alertId + " " + a.status).toList();
  }

  private static void assertNothingLeft(KeyedOneInputStreamOperatorTestHarness<?, ?, ?> h) {
    assertEquals(0, h.numKeyedStateEntries(), "keyed state left");
    assertEquals(0, h.numEventTimeTimers(), "event-time timers left");
    assertEquals(0, h.numProcessingTimeTimers(), "processing-time timers left");
  }

  @Test
  void aFiringAlertPassesAtOnceAndKeepsNothing() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(alert("a", "firing", 2));
      assertEquals(List.of("a firing"), out(h));
      assertNothingLeft(h);
    }
  }

  @Test
  void aResolutionWhoseFiringPassedGoesOutWhenTheWatermarkPassesIt() throws Exception {
    try (var h = harness()) {
      h.open();
      h.processElement(alert("a", "firing", 2));
      h.processWatermark(3 * MINUTE);
      h.processElement(alert("a", "resolved", 5));
      h.processWatermark(5 * MINUTE + MINUTE - 2);
      assertEquals(List.of("a firing"), out(h), "held until the watermark passes its minute");
      h.processWatermark(5 * MINUTE + MINUTE - 1);
      assertEquals(List.of("a firing", "a resolved"), out(h));
      assertNothingLeft(h);
    }
  }

  @Test
  void aResolutionThatArrivesFirstIsHeldUntilItsFiringAndBothGoInOrder() throws Exception {
    try (var h = harness()) {
      h.open();
      // Both minutes passed at once: the end operator handed its alert on before the onset one.
      h.processElement(alert("a", "resolved", 5));
      h.processElement(alert("b", "firing", 4));
      assertEquals(List.of("b firing"), out(h), "another episode is not held up");
      h.processElement(alert("a", "firing", 2));
      assertEquals(List.of("b firing", "a firing", "a resolved"), out(h));
      assertNothingLeft(h);

      h.processWatermark(Long.MAX_VALUE);
      assertEquals(3, h.extractOutputValues().size(), "nothing is let out twice");
    }
  }

  @Test
  void aHeldResolutionSurvivesACheckpoint() throws Exception {
    OperatorSubtaskState snapshot;
    try (var h = harness()) {
      h.open();
      h.processElement(alert("a", "resolved", 5));
      snapshot = h.snapshot(1, 1);
    }
    try (var restored = harness()) {
      restored.initializeState(snapshot);
      restored.open();
      restored.processElement(alert("a", "firing", 2));
      assertEquals(List.of("a firing", "a resolved"), out(restored));
      assertNothingLeft(restored);
    }
  }
}
