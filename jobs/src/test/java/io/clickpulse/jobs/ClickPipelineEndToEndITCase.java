package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.jobs.testing.TopicReader;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.ClickTrafficGenerator;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import io.clickpulse.udf.event.RejectReason;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole backbone on the real engines: Kafka broker, ClickHouse, and the Flink MiniCluster.
 * Expected results come from the generator's ledger, independent of the pipeline.
 */
@Tag("engines")
class ClickPipelineEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final int EVENTS = 50_000;

  @Test
  void everyEventIsStoredOnceRejectedWithItsReasonOrCountedAsDuplicate() throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String rawTopic = Engines.unique("clicks_raw");
    String dlqTopic = rawTopic + "_dlq";
    String database = Engines.unique("it");
    kafka.createTopics(2, rawTopic, dlqTopic, rawTopic + "_alerts");

    TrafficLedger ledger;
    var generator =
        new ClickTrafficGenerator(new ClickTrafficGenerator.Options(7, 0.05, 0.01, 0.02));
    Random jitter = new Random(7);
    try (var producer = new TrafficProducer(kafka.bootstrapServers(), rawTopic)) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < EVENTS; i++) {
        producer.send(generator.next(now - jitter.nextInt(20_000)));
      }
      ledger = producer.flush();
    }
    assertEquals(EVENTS, ledger.total());

    JobExecutionResult result =
        PipelineRun.run(PipelineRun.config(kafka, clickhouse, rawTopic, database, "e2e", 2));

    // Stored: each distinct valid event exactly once.
    assertEquals(
        ledger.expectedStored(),
        Long.parseLong(
            clickhouse.query("SELECT count() FROM " + database + ".clicks FINAL").strip()));
    assertEquals(
        ledger.expectedStored(),
        Long.parseLong(
            clickhouse.query("SELECT uniqExact(event_id) FROM " + database + ".clicks").strip()));

    // Rejected: the dead-letter topic holds exactly the planted rejects, at their coordinates.
    List<JsonNode> deadLetters = TopicReader.readAll(kafka.bootstrapServers(), dlqTopic);
    Map<String, String> actualDeadLetters = new TreeMap<>();
    for (JsonNode d : deadLetters) {
      String where =
          TrafficLedger.coordinates(d.get("partition").asInt(), d.get("offset").asLong());
      assertFalse(actualDeadLetters.containsKey(where), "dead-lettered twice: " + where);
      actualDeadLetters.put(where, d.get("reason").asText());
      assertFalse(d.get("payload").asText().contains("203.0.113.9"), "raw IP in dead letter: " + d);
    }
    assertEquals(ledger.expectedDeadLetters(), actualDeadLetters);

    // Reconciled: input = stored + rejected + duplicates, by the job's own counters.
    Map<String, Long> rejectedByReason = new TreeMap<>();
    long rejected = 0;
    for (RejectReason reason : RejectReason.values()) {
      long n = counter(result, Counters.rejected(reason.code()));
      rejected += n;
      if (n > 0) {
        rejectedByReason.put(reason.code(), n);
      }
    }
    assertEquals(ledger.expectedRejectsByReason(), rejectedByReason);
    assertEquals(EVENTS, counter(result, Counters.RECEIVED));
    assertEquals(ledger.expectedDuplicates(), counter(result, Counters.DUPLICATES));
    assertEquals(ledger.expectedStored(), counter(result, Counters.ACCEPTED));
    assertEquals(
        counter(result, Counters.RECEIVED),
        counter(result, Counters.ACCEPTED) + rejected + counter(result, Counters.DUPLICATES));
    assertTrue(ledger.count(GeneratedRecord.Kind.CONFLICT) > 0, "the run planted conflicts");
    // The dashboards' view of the same: rejects by reason and dropped duplicates in ClickHouse.
    assertEquals(
        ledger.expectedRejected(),
        Long.parseLong(
            clickhouse.query("SELECT count() FROM " + database + ".dead_letters FINAL").strip()));
    assertEquals(
        ledger.expectedDuplicates(),
        Long.parseLong(
            clickhouse
                .query("SELECT count() FROM " + database + ".duplicate_clicks FINAL")
                .strip()));

    // Stored values are enriched, and no raw IP reached ClickHouse.
    Map<String, String> row = firstRow(clickhouse, database);
    assertTrue(
        row.get("ip_network").endsWith("/24") || row.get("ip_network").endsWith("/48"),
        row.toString());
    assertEquals(
        "0",
        clickhouse
            .query(
                "SELECT count() FROM "
                    + database
                    + ".clicks WHERE match(ip_network, '^198\\\\.51\\\\.\\\\d+\\\\.[1-9]')")
            .strip());
  }

  private static long counter(JobExecutionResult result, String name) {
    return PipelineRun.counter(result, name);
  }

  private static Map<String, String> firstRow(ClickHouseServer clickhouse, String database) {
    String[] lines =
        clickhouse
            .query(
                "SELECT ip_network, utm_source, device_class, is_bot FROM "
                    + database
                    + ".clicks LIMIT 1 FORMAT TabSeparatedWithNames")
            .split("\n");
    String[] names = lines[0].split("\t");
    String[] values = lines[1].split("\t");
    Map<String, String> row = new HashMap<>();
    for (int i = 0; i < names.length; i++) {
      row.put(names[i], values[i]);
    }
    return row;
  }
}
