package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class SuppressRepeatedAlertsTest {
  private static final long T0 = Timeline.T0;

  private static Alert clientAlert(long client, String network, long windowStart) {
    Alert a = new Alert();
    a.rule = "bot_burst";
    a.status = "firing";
    a.subjectType = "client";
    a.subjectId = Long.toHexString(client);
    a.windowStart = windowStart;
    a.evidence.put("ip_network", network);
    return AlertIds.identify(a, "http://localhost/{subject_id}");
  }

  private static List<Alert> run(List<Alert> alerts) throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new SuppressRepeatedAlerts(Duration.ofHours(1)),
            SuppressRepeatedAlerts::key,
            Types.STRING)) {
      for (Alert a : alerts) {
        harness.processElement(new StreamRecord<>(a, a.windowStart));
      }
      return harness.extractOutputValues();
    }
  }

  @Test
  void aBotRotatingItsUserAgentIsOneAlertPerCooldownNotOnePerUserAgent() throws Exception {
    // 500 bursts from one /24, each with another user agent (another client), one every 30 s.
    List<Alert> alerts =
        java.util.stream.IntStream.range(0, 500)
            .mapToObj(i -> clientAlert(1000 + i, "203.0.113.0/24", T0 + i * 30_000L))
            .toList();

    List<Alert> passed = run(alerts);

    // 500 bursts span 250 minutes: one alert per hour of cooldown.
    assertEquals(
        List.of(T0, T0 + 120 * 30_000L, T0 + 240 * 30_000L, T0 + 360 * 30_000L, T0 + 480 * 30_000L),
        passed.stream().map(a -> a.windowStart).toList());
  }

  @Test
  void clientsInOtherNetworksAreAlertedEach() throws Exception {
    List<Alert> passed =
        run(
            List.of(
                clientAlert(1, "203.0.113.0/24", T0),
                clientAlert(2, "198.51.100.0/24", T0 + 1_000),
                clientAlert(3, "203.0.113.0/24", T0 + 2_000)));

    assertEquals(
        List.of(Long.toHexString(1), Long.toHexString(2)),
        passed.stream().map(a -> a.subjectId).toList());
  }
}
