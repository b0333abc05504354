package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.jobs.delivery.DeliveryReplay;
import io.clickpulse.jobs.delivery.FakeReceiver;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.DeliveryEngines;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.LogCapture;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery job on a MiniCluster with the real Kafka and ClickHouse, sending to real local HTTP
 * receivers standing in for Slack and a webhook endpoint.
 */
@Tag("engines")
class AlertDeliveryEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  @Test
  void alertsAreRoutedDeliveredRecordedAndUnreadableOnesDeadLettered(@TempDir Path dir)
      throws Exception {
    DeliveryEngines engines = new DeliveryEngines("delivery");
    KafkaBroker kafka = engines.kafka;
    ClickHouseServer clickhouse = engines.clickhouse;
    String topic = engines.topic;
    String db = engines.db;

    try (var logs = new LogCapture();
        var webhook = new FakeReceiver();
        var slack = new FakeReceiver()) {
      webhook.then(FakeReceiver.Reply.status(503));
      slack.then(FakeReceiver.Reply.status(400)); // refused for good: dead-lettered, replayed below
      String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
      Path yaml =
          DeliveryEngines.deliveryFile(
              dir,
              "destinations:\n"
                  + "  ops-hook: { type: webhook, url: '"
                  + webhook.url("/hook")
                  + "', secrets-env: HOOK_SECRET, max-per-second: 5 }\n"
                  + "  marketing-slack: { type: slack, url-env: SLACK_URL }\n"
                  + "routes:\n  - { to: [ops-hook] }\n  - { match: { severity: [critical] }, to: [marketing-slack] }\n"
                  + "grouping: { group-wait: '0 s', group-interval: '1 s' }\n");
      Map<String, String> secrets =
          Map.of("HOOK_SECRET", secret, "SLACK_URL", slack.url("/services/T/B/TOKEN"));
      DeliverNotifications.SerializableEnvironment environment = secrets::get;

      try (var producer = engines.producer()) {
        producer.send(new ProducerRecord<>(topic, Json.bytes(alert("spike", "info"))));
        producer.send(
            new ProducerRecord<>(topic, Json.bytes(alert("broken_redirect", "critical"))));
        producer.send(new ProducerRecord<>(topic, "not an alert".getBytes(StandardCharsets.UTF_8)));
      }

      JobClient job = engines.start(yaml, environment, "alert-delivery-e2e");
      try {
        Await.until(
            "2 deliveries and 2 dead letters recorded",
            Duration.ofSeconds(60),
            () -> engines.delivered() == 2 && engines.deadLetters().size() == 2,
            () ->
                clickhouse.query(
                        "SELECT outcome, count() FROM " + db + ".alert_deliveries GROUP BY outcome")
                    + " dlq="
                    + engines.deadLetters()
                    + " slack="
                    + slack.requests.size()
                    + " hook="
                    + webhook.requests.size());
      } finally {
        job.cancel().get();
      }

      // Every alert to the webhook (the first attempt got a 503 and was retried), critical also to
      // Slack.
      assertEquals(3, webhook.requests.size());
      webhook.requests.forEach(r -> JsonSchemas.assertValidWebhookBody(r.body()));
      assertEquals(
          2, webhook.requests.stream().map(r -> r.header("webhook-id")).distinct().count());
      assertTrue(
          slack.requests.get(0).body().contains("broken redirect"), slack.requests.get(0).body());
      // One of the two webhook deliveries met the 503: retried, then delivered.
      assertEquals(
          "delivered\nretry,delivered",
          clickhouse
              .query(
                  "SELECT arrayStringConcat(groupArray(outcome), ',') AS outcomes FROM (SELECT alert_id,"
                      + " outcome FROM "
                      + db
                      + ".alert_deliveries FINAL WHERE destination = 'ops-hook'"
                      + " ORDER BY alert_id, attempt) GROUP BY alert_id ORDER BY outcomes")
              .strip());
      List<JsonNode> dead = engines.deadLetters();
      assertEquals(
          List.of("marketing-slack", ""),
          dead.stream()
              .map(d -> d.get("destination").asText())
              .sorted(java.util.Comparator.reverseOrder())
              .toList());
      assertTrue(
          dead.stream().anyMatch(d -> d.get("reason").asText().startsWith("unreadable alert")),
          dead.toString());

      // The replay command sends the dead-lettered Slack message again, with its webhook-id.
      var replay =
          new DeliveryReplay(
                  DeliveryConfig.load(yaml, environment),
                  environment,
                  clickhouse.jdbcUrl(db),
                  "default",
                  "")
              .replay(DeliveryReplay.read(kafka.bootstrapServers(), topic + "_dlq"), null, null);
      assertEquals(new DeliveryReplay.Summary(1, 0, 1, 0), replay);
      assertEquals(2, slack.requests.size());
      // Run again, it sends nothing: the replayed attempt is recorded (issue #19).
      assertEquals(
          new DeliveryReplay.Summary(0, 0, 1, 1),
          new DeliveryReplay(
                  DeliveryConfig.load(yaml, environment),
                  environment,
                  clickhouse.jdbcUrl(db),
                  "default",
                  "")
              .replay(DeliveryReplay.read(kafka.bootstrapServers(), topic + "_dlq"), null, null));
      assertEquals(2, slack.requests.size());
      assertEquals(slack.requests.get(0).body(), slack.requests.get(1).body());
      assertEquals(
          "1\tfailed\n2\treplayed",
          clickhouse
              .query(
                  "SELECT attempt, outcome FROM "
                      + db
                      + ".alert_deliveries FINAL"
                      + " WHERE destination = 'marketing-slack' ORDER BY attempt")
              .strip());
      assertTrue(logs.lines().size() > 10, "the job logged while running");
      for (String line : logs.lines()) {
        assertTrue(
            !line.contains("TOKEN") && !line.contains(secret.substring(6)),
            "secret in a log line: " + line);
      }
      String table = clickhouse.query("SELECT * FROM " + db + ".alert_deliveries FORMAT TSV");
      assertTrue(!table.contains("TOKEN") && !table.contains(secret.substring(6)), table);
    }
  }

  private static Alert alert(String rule, String severity) {
    Alert a = new Alert();
    a.alertId = "id-" + rule;
    a.rule = rule;
    a.severity = severity;
    a.status = "firing";
    a.subjectType = "link";
    a.subjectId = "l1";
    a.linkId = "l1";
    a.campaignId = "c1";
    a.windowStart = System.currentTimeMillis() - 120_000;
    a.windowEnd = System.currentTimeMillis();
    a.reason = "link l1: " + rule;
    a.fingerprint = AlertIds.fingerprint(rule, "link", "l1");
    a.context.clicks = 30;
    a.context.humanClicks = 30;
    a.context.humanShare = 1;
    if (rule.equals("broken_redirect")) {
      a.context.failingClicks = 9;
      a.context.failingShare = 0.3;
      a.context.statusCodes = List.of(new AlertContext.StatusCount(502, 9));
      a.context.failingDestinations = List.of(new AlertContext.Count("https://shop.example/x", 9));
    }
    return a;
  }
}
