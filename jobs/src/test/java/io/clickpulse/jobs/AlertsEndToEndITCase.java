package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.jobs.testing.TopicReader;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Planted anomalies in traffic through the real Kafka broker, the pipeline on a MiniCluster, and
 * the real ClickHouse: each appears in the {@code alerts} topic and table, once.
 */
@Tag("engines")
class AlertsEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  @Test
  void plantedSpikeBrokenDestinationAndBotBurstBecomeAlerts() throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("clicks_raw");
    String db = Engines.unique("alerts");
    kafka.createTopics(2, topic, topic + "_dlq", topic + "_alerts");

    long t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
    Random random = new Random(3);
    List<ClickJson> clicks = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    int id = 0;
    long failedInFirstMinute = 0;
    for (int minute = 0; minute < 45; minute++) {
      for (String link : List.of("spiky", "broken")) {
        int n = link.equals("spiky") && minute >= 30 && minute < 34 ? 150 : 10 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          long time = t0 + minute * 60_000L + random.nextInt(60_000);
          ClickJson c =
              ClickJson.click("e" + id++, time, link)
                  .set("ip", "198.51.100." + random.nextInt(250));
          if (link.equals("broken") && minute >= 25 && minute < 28) {
            c.set("redirect_status", 503);
            failedInFirstMinute += minute == 25 ? 1 : 0;
          }
          clicks.add(c);
          times.add(time);
        }
      }
    }
    for (int i = 0; i < 40; i++) {
      long time = t0 + 10 * 60_000L + i * 120L;
      clicks.add(ClickJson.click("bot" + i, time, "spiky").set("ip", "203.0.113.66"));
      times.add(time);
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      order.add(i);
    }
    order.sort(Comparator.comparing(times::get));
    kafka.sendAll(topic, order.stream().map(i -> clicks.get(i).bytes()).toList());

    JobExecutionResult result =
        PipelineRun.run(PipelineRun.config(kafka, clickhouse, topic, db, "e2e", 2));
    // Every click sent was read and none was late: what follows is about the alerts alone.
    assertEquals(
        "received " + clicks.size() + ", too late 0, late for the alert rules 0",
        "received "
            + result.getAccumulatorResult(Counters.RECEIVED)
            + ", too late "
            + result.getAccumulatorResult(Counters.TOO_LATE)
            + ", late for the alert rules "
            + result.getAccumulatorResult(Counters.ALERT_RULES_LATE));

    List<JsonNode> topicAlerts = TopicReader.readAll(kafka.bootstrapServers(), topic + "_alerts");
    Set<String> onTopic =
        topicAlerts.stream()
            .map(
                a ->
                    a.get("rule").asText()
                        + "/"
                        + a.get("subject_id").asText()
                        + "/"
                        + a.get("status").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    assertTrue(onTopic.contains("spike/spiky/firing"), onTopic.toString());
    assertTrue(onTopic.contains("spike/spiky/resolved"), onTopic.toString());
    assertTrue(onTopic.contains("broken_redirect/broken/firing"), onTopic.toString());
    assertTrue(onTopic.contains("broken_redirect/broken/resolved"), onTopic.toString());
    // The topic is keyed by alert id, so one id's alerts are in one partition, in the order they
    // were written: each episode's firing, then its resolution, once each.
    Map<String, List<String>> episodes = new LinkedHashMap<>();
    for (JsonNode a : topicAlerts) {
      if (Set.of("spike", "drop", "broken_redirect").contains(a.get("rule").asText())) {
        episodes
            .computeIfAbsent(a.get("alert_id").asText(), k -> new ArrayList<>())
            .add(a.get("status").asText());
      }
    }
    episodes.forEach(
        (alertId, statuses) ->
            assertEquals(List.of("firing", "resolved"), statuses, alertId + " in " + topicAlerts));
    assertEquals(
        1,
        topicAlerts.stream().filter(a -> a.get("rule").asText().equals("bot_burst")).count(),
        onTopic.toString());
    assertEquals(
        topicAlerts.size(),
        onTopic.size() - 0 + duplicatesOf(topicAlerts),
        "each alert once on the topic");

    // The table holds exactly the topic's alerts.
    Set<String> inTable =
        new TreeSet<>(
            List.of(
                clickhouse
                    .query("SELECT alert_id || '/' || status FROM " + db + ".alerts FINAL")
                    .strip()
                    .split("\n")));
    Set<String> topicIds =
        topicAlerts.stream()
            .map(a -> a.get("alert_id").asText() + "/" + a.get("status").asText())
            .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(topicIds, inTable);
    assertEquals(
        "1",
        clickhouse
            .query(
                "SELECT uniqExact(visitor_id) FROM "
                    + db
                    + ".bot_clients FINAL WHERE rule = 'bot_burst'")
            .strip());
    // Evidence and a reason a marketer can act on; no raw IP anywhere in the alert.
    JsonNode spike =
        topicAlerts.stream()
            .filter(a -> a.get("rule").asText().equals("spike"))
            .filter(a -> a.get("subject_type").asText().equals("link"))
            .findFirst()
            .orElseThrow();
    assertTrue(spike.get("reason").asText().contains("spiky"), spike.toString());
    assertTrue(spike.get("dashboard_url").asText().contains("var-link=spiky"), spike.toString());
    assertTrue(topicAlerts.stream().noneMatch(a -> a.toString().contains("203.0.113.66")));

    // Every alert on the topic is a valid alert event (docs/schemas/alert-v1.schema.json). The
    // broken destination's firing (its first minute) names what failed, and the table keeps the
    // same context.
    topicAlerts.forEach(a -> JsonSchemas.assertValid(JsonSchemas.ALERT, a));
    JsonNode broken =
        topicAlerts.stream()
            .filter(a -> a.get("rule").asText().equals("broken_redirect"))
            .filter(a -> a.get("subject_id").asText().equals("broken"))
            .filter(a -> a.get("status").asText().equals("firing"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "[{\"status\":503,\"clicks\":" + failedInFirstMinute + "}]",
        broken.at("/context/status_codes").toString());
    assertEquals(
        "https://shop.example/broken?utm_source=yt",
        broken.at("/context/failing_destinations/0/name").asText());
    assertEquals(1.0, broken.at("/context/failing_share").asDouble());
    assertEquals("https://cpl.sh/broken", broken.at("/context/short_url").asText());
    assertEquals(
        broken.get("context"),
        Json.MAPPER.readTree(
            clickhouse.query(
                "SELECT context FROM "
                    + db
                    + ".alerts FINAL WHERE alert_id = {id:String} AND status = 'firing'"
                    + " FORMAT TSVRaw",
                Map.of("id", broken.get("alert_id").asText()))));
  }

  /** Alerts that appear more than once on the topic with the same id and status. */
  private static long duplicatesOf(List<JsonNode> alerts) {
    return alerts.size()
        - alerts.stream()
            .map(a -> a.get("alert_id").asText() + a.get("status").asText())
            .distinct()
            .count();
  }
}
