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

/** The delivery job runs the ticket stage only when the file has a type: ticket destination. */
class AlertDeliveryJobTicketsTest {
  private static final AlertDeliveryConfig CONFIG =
      AlertDeliveryConfig.from(
          Map.of(
              "kafka.bootstrap-servers", "127.0.0.1:9",
              "clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/clickpulse",
              "delivery.config-file", "delivery.yaml"));

  @Test
  void aTicketDestinationAddsTheTicketStage() {
    assertEquals(
        1,
        ticketOperators(
            "  gh: { type: ticket, api: github, url: 'http://127.0.0.1:9/repos/a/b',"
                + " token-env: GH_TOKEN }\n"));
    assertEquals(0, ticketOperators(""));
  }

  /** Where the production job reads tokens from: a lookup that captures no value. */
  private static final Map<String, String> PROCESS_ENV = Map.of("GH_TOKEN", "ghp_GRAPHTOKEN77");

  @Test
  void theTicketTokenIsReadInTheTaskAndNeverTravelsInTheJobGraph() throws Exception {
    String yaml =
        "destinations:\n"
            + "  gh: { type: ticket, api: github, url: 'http://127.0.0.1:9/repos/a/b',"
            + " token-env: GH_TOKEN }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = k -> PROCESS_ENV.get(k);
    DeliveryConfig delivery =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
    StreamExecutionEnvironment flink = StreamExecutionEnvironment.getExecutionEnvironment();
    new AlertDeliveryJob(delivery, env).build(flink, CONFIG);
    String graph =
        new String(
            org.apache.flink.util.InstantiationUtil.serializeObject(
                flink.getStreamGraph().getJobGraph()),
            StandardCharsets.ISO_8859_1);
    org.junit.jupiter.api.Assertions.assertFalse(graph.contains("ghp_GRAPHTOKEN77"));
    org.junit.jupiter.api.Assertions.assertTrue(graph.contains("GH_TOKEN"), "where to read it");
  }

  private static long ticketOperators(String ticketDestination) {
    String yaml =
        "destinations:\n"
            + "  ops: { type: slack, url: 'http://127.0.0.1:9/ops' }\n"
            + ticketDestination
            + "routes: [ { to: [ops] } ]\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("GH_TOKEN", "t")::get;
    DeliveryConfig delivery =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
    StreamExecutionEnvironment flink = StreamExecutionEnvironment.getExecutionEnvironment();
    new AlertDeliveryJob(delivery, env).build(flink, CONFIG);
    return flink.getStreamGraph().getStreamNodes().stream()
        .map(StreamNode::getOperatorName)
        .filter("tickets"::equals)
        .count();
  }
}
