package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.jobs.testing.TopicReader;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CRM signals through the real Kafka broker, the pipeline on a MiniCluster (checkpointed, the
 * production sinks) and the real ClickHouse: each signal once on the topic (read committed), the
 * same in {@code crm_signals}; a replay of the same clicks makes the same ids, so the table still
 * holds each signal once and a receiver deduplicating on signal_id sees nothing new.
 */
@Tag("engines")
class CrmSignalsITCase {
  @org.junit.jupiter.api.extension.RegisterExtension
  static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  @Test
  void signalsLandOnceOnKafkaAndIdempotentlyInClickHouse() throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("crm_raw");
    String db = Engines.unique("crm");
    kafka.createTopics(2, topic, topic + "_dlq", topic + "_alerts", topic + "_crm");

    long t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS).toEpochMilli();
    // 20 contacts, each clicking campaign cmp-a three times and cmp-b once: two signals each.
    // A test contact and a bot contact click too and never qualify.
    List<byte[]> records = new ArrayList<>();
    int id = 0;
    for (int contact = 0; contact < 20; contact++) {
      for (String campaign : List.of("cmp-a", "cmp-a", "cmp-b", "cmp-a")) {
        long time = t0 + id * 7_000L;
        records.add(click("e" + id++, time, campaign, "hs-" + contact, contact));
      }
    }
    records.add(test(click("e-test", t0 + 60_000, "cmp-a", "hs-test", 200)));
    records.add(bot(click("e-bot", t0 + 61_000, "cmp-a", "hs-bot", 201)));
    kafka.sendAll(topic, records);
    Path rules = WorkDirs.newRunDir("crm-rules").resolve("rules.yaml");
    Files.writeString(
        rules, "crm:\n  first-campaign-click:\n    kind: first-click\n    route: crm-hubspot\n");

    PipelineRun.run(config(kafka, clickhouse, topic, db, "first", rules));

    List<JsonNode> onTopic = TopicReader.readAll(kafka.bootstrapServers(), topic + "_crm");
    List<String> ids = onTopic.stream().map(s -> s.get("signal_id").asText()).sorted().toList();
    assertEquals(40, ids.size(), "two first clicks per contact, none for bots or tests");
    assertEquals(40, ids.stream().distinct().count(), "each signal once on the topic");
    onTopic.forEach(s -> JsonSchemas.assertValid(CrmSignalSchemaTest.SCHEMA, s));
    assertEquals(ids, table(clickhouse, db, ""), "the table holds the topic's signals");

    // The same clicks again (a replay from the earliest offsets, new transactions and group).
    PipelineRun.run(config(kafka, clickhouse, topic, db, "replay", rules));

    List<String> afterReplay =
        TopicReader.readAll(kafka.bootstrapServers(), topic + "_crm").stream()
            .map(s -> s.get("signal_id").asText())
            .distinct()
            .sorted()
            .toList();
    assertEquals(ids, afterReplay, "the replay names the same signals");
    assertEquals(ids, table(clickhouse, db, "FINAL"), "each signal once in the table");
    assertEquals(
        "40\t20\t2\n",
        clickhouse.query(
            "SELECT count(), uniqExact(contact_id), uniqExact(campaign_id) FROM "
                + db
                + ".crm_signals FINAL WHERE route = 'crm-hubspot' AND kind = 'first-click'"
                + " FORMAT TSV"));
  }

  private static List<String> table(ClickHouseServer clickhouse, String db, String modifier) {
    String rows =
        clickhouse
            .query("SELECT signal_id FROM " + db + ".crm_signals " + modifier + " ORDER BY 1")
            .strip();
    return rows.isEmpty() ? List.of() : List.of(rows.split("\n"));
  }

  private static ClickPipelineConfig config(
      KafkaBroker kafka,
      ClickHouseServer clickhouse,
      String topic,
      String database,
      String run,
      Path rules) {
    return PipelineRun.config(
        kafka,
        clickhouse,
        topic,
        database,
        run,
        2,
        Map.of("kafka.topic.crm-signals", topic + "_crm", "alerts.rules-file", rules.toString()));
  }

  private static byte[] click(String id, long time, String campaign, String contact, int ip)
      throws Exception {
    ObjectNode json =
        (ObjectNode)
            Json.MAPPER.readTree(
                ClickJson.click(id, time, "lnk-" + campaign)
                    .set("campaign_id", campaign)
                    .set("ip", "198.51." + (100 + ip / 250) + "." + ip % 250)
                    .bytes());
    json.putObject("custom").put("contact_id", contact);
    return Json.MAPPER.writeValueAsBytes(json);
  }

  private static byte[] test(byte[] click) throws Exception {
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(click);
    json.put("is_test", true);
    return Json.MAPPER.writeValueAsBytes(json);
  }

  private static byte[] bot(byte[] click) throws Exception {
    ObjectNode json = (ObjectNode) Json.MAPPER.readTree(click);
    json.put("user_agent", ClickJson.SLACKBOT);
    return Json.MAPPER.writeValueAsBytes(json);
  }
}
