package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.alert.Alert;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GroupNotificationsTest {
  private static final long WAIT = 30_000;
  private static final long INTERVAL = 300_000;
  private static final long REPEAT = 4 * 3_600_000;

  private KeyedOneInputStreamOperatorTestHarness<String, Routed, Notification> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new GroupNotifications(
                    Duration.ofMillis(WAIT),
                    Duration.ofMillis(INTERVAL),
                    Duration.ofMillis(REPEAT))),
            Routed::groupKey,
            Types.STRING);
    harness.setProcessingTime(0);
    harness.open();
  }

  @Test
  void firstNotificationWaitsForTheGroupThenRepeatsWhileFiringAndEndsWithTheResolution()
      throws Exception {
    send(alert("a1", "firing"));
    harness.setProcessingTime(WAIT - 1);
    assertEquals(List.of(), ids());
    harness.setProcessingTime(WAIT);
    assertEquals(List.of("a1.firing"), ids());

    send(alert("a1", "firing")); // a replayed copy changes nothing
    harness.setProcessingTime(WAIT + INTERVAL);
    assertEquals(List.of("a1.firing"), ids());

    harness.setProcessingTime(WAIT + REPEAT);
    assertEquals(
        List.of("a1.firing", "a1.firing.r1"), ids(), "a reminder after the repeat interval");

    send(alert("a1", "resolved"));
    harness.setProcessingTime(WAIT + REPEAT + INTERVAL);
    assertEquals(List.of("a1.firing", "a1.firing.r1", "a1.resolved"), ids());
    assertEquals(0, harness.numKeyedStateEntries(), "a resolved group leaves no state");
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void anAlertResolvedWithinTheGroupWaitSendsOnlyTheResolution() throws Exception {
    send(alert("a1", "firing"));
    harness.setProcessingTime(10_000);
    send(alert("a1", "resolved"));
    send(alert("a1", "firing")); // a late duplicate of the firing must not undo the resolution
    harness.setProcessingTime(WAIT);

    assertEquals(List.of("a1.resolved"), ids());
  }

  private List<String> ids() {
    return harness.extractOutputValues().stream().map(n -> n.webhookId).toList();
  }

  private void send(Alert a) throws Exception {
    harness.processElement(new StreamRecord<>(new Routed("slack", a)));
  }

  private static Alert alert(String id, String status) {
    Alert a = DeliverNotificationsTest.notification("slack", id).alert;
    a.status = status;
    return a;
  }
}
