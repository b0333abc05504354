package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The delivery job runs the digest schedule stage only when a route has a digest: block. */
class AlertDeliveryJobDigestTest {
  private static final AlertDeliveryConfig CONFIG =
      AlertDeliveryConfig.from(
          Map.of(
              "kafka.bootstrap-servers", "127.0.0.1:9",
              "clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/clickpulse",
              "delivery.config-file", "delivery.yaml"));

  @Test
  void aRouteWithADigestAddsTheScheduleStage() {
    assertEquals(1, digestOperators("{ to: [ops], digest: { time-zone: Europe/Berlin } }"));
    assertEquals(0, digestOperators("{ to: [ops] }"));
  }

  private static long digestOperators(String route) {
    String yaml =
        "destinations:\n"
            + "  ops: { type: slack, url: 'http://127.0.0.1:9/ops' }\n"
            + "routes: [ "
            + route
            + " ]\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = k -> null;
    DeliveryConfig delivery =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
    StreamExecutionEnvironment flink = StreamExecutionEnvironment.getExecutionEnvironment();
    new AlertDeliveryJob(delivery, env).build(flink, CONFIG);
    return flink.getStreamGraph().getStreamNodes().stream()
        .map(StreamNode::getOperatorName)
        .filter("digest-schedule"::equals)
        .count();
  }
}
