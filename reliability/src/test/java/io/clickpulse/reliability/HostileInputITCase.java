package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.stack.KafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 5: 100,000 mutated events. The job never fails because of its input; every record is
 * stored, dead-lettered or counted as a duplicate, exactly as constructed; what is stored is byte
 * for byte what was sent (parameterized inserts); and no CRLF in a field starts a log line.
 */
@Order(5)
@Tag("engines")
class HostileInputITCase {
  static final int RECORDS = Integer.getInteger("reliability.hostile-records", 100_000);
  private static final List<String> RAW_FIELDS =
      List.of(
          "event_id",
          "link_id",
          "short_url",
          "destination_url",
          "utm_source",
          "utm_medium",
          "utm_campaign",
          "utm_term",
          "utm_content",
          "referrer",
          "user_agent",
          "campaign_owner",
          "country");

  @Test
  @Timeout(600)
  void hostileInputNeverRestartsTheJobAndIsStoredExactlyAsSent() {
    ReliabilityStack stack = ReliabilityStack.get();
    Scenario scenario = new Scenario("s5_hostile_input").createPipelineTopics(stack);
    List<HostileInput.Hostile> records = new HostileInput(5).generate(RECORDS);
    long stored = count(records, HostileInput.Fate.STORED);
    long duplicates = count(records, HostileInput.Fate.DUPLICATE);
    long rejected = count(records, HostileInput.Fate.REJECTED);
    try (ReliabilityStack.Job job = stack.submitPipeline(scenario)) {
      check(stack, scenario, records, stored, duplicates, rejected, job.id());
    }
  }

  private static void check(
      ReliabilityStack stack,
      Scenario scenario,
      List<HostileInput.Hostile> records,
      long stored,
      long duplicates,
      long rejected,
      String job) {
    long start = System.nanoTime();
    send(stack, scenario, records);

    ExactChecks checks = new ExactChecks(stack, scenario, new Expectation());
    Await.until(
        "every record stored, rejected or counted as a duplicate",
        Duration.ofMinutes(6),
        () -> {
          long[] n = checks.progress();
          return n[0] + n[3] + n[4] >= RECORDS
              && checks.deadLettersOnKafka() >= rejected; // committed with the next checkpoint
        },
        () -> java.util.Arrays.toString(checks.progress()));
    double seconds = Report.seconds(start);
    long[] n = checks.progress();
    assertEquals(stored, n[0], "stored (FINAL)");
    assertEquals(rejected, n[3], "dead letters (FINAL)");
    assertEquals(duplicates, n[4], "duplicates (FINAL)");
    assertEquals(
        rejected,
        KafkaTopics.readCommitted(stack.kafka().bootstrapServers(), scenario.deadLetterTopic())
            .size(),
        "dead letters on Kafka, each once");
    assertEquals(0, stack.flink().restarts(job), "no restart: " + stack.flink().failures(job));
    assertEquals(List.of(), stack.flink().failures(job));
    int compared = assertStoredAsSent(stack, scenario, HostileInput.byId(records));
    List<String> forged = forgedLogLines(stack);
    assertEquals(List.of(), forged, "log lines started by a CRLF from an event field");

    Report.figure(
        scenario,
        "%d records in %.1f s: %d stored + %d rejected + %d duplicates; 0 restarts; %d stored"
            + " rows compared field by field with what was sent; 0 forged log lines",
        RECORDS,
        seconds,
        stored,
        rejected,
        duplicates,
        compared);
  }

  private static long count(List<HostileInput.Hostile> records, HostileInput.Fate fate) {
    return records.stream().filter(r -> r.fate() == fate).count();
  }

  private static void send(
      ReliabilityStack stack, Scenario scenario, List<HostileInput.Hostile> records) {
    KafkaBroker.sendAll(
        stack.kafka().bootstrapServers(),
        records.stream()
            .map(h -> new ProducerRecord<>(scenario.rawTopic(), h.key(), h.value()))
            .toList(),
        Map.of(
            ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 900_000));
  }

  /** Reads every stored row back and compares each raw field with the event as it was sent. */
  private static int assertStoredAsSent(
      ReliabilityStack stack, Scenario scenario, Map<String, ObjectNode> sent) {
    String rows =
        stack
            .clickhouse()
            .query(
                "SELECT "
                    + String.join(
                        ", ", RAW_FIELDS.stream().map(HostileInputITCase::column).toList())
                    + ", custom, toUnixTimestamp64Milli(event_time) AS event_time"
                    + " FROM clicks FINAL FORMAT JSONEachRow",
                Map.of(),
                scenario.database());
    int compared = 0;
    for (String line : rows.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      JsonNode row = Json.read(line);
      ObjectNode event = sent.get(row.get("event_id").asText());
      assertTrue(event != null, "stored but never sent: " + row.get("event_id"));
      for (String field : RAW_FIELDS) {
        assertEquals(
            event.path(field).asText(""),
            row.get(column(field).replaceAll(".* AS ", "")).asText(),
            field + " of " + event.get("event_id"));
      }
      assertEquals(event.get("event_time").asLong(), row.get("event_time").asLong());
      assertEquals(
          event.path("custom").isMissingNode()
              ? Json.MAPPER.createObjectNode()
              : event.get("custom"),
          row.get("custom"),
          "custom of " + event.get("event_id"));
      compared++;
    }
    assertEquals(sent.size(), compared, "every valid event stored once");
    return compared;
  }

  private static String column(String field) {
    return field.startsWith("utm_") ? field + "_raw AS " + field : field;
  }

  /** Log lines that begin with the forged prefix a CRLF in a field would have started. */
  private static List<String> forgedLogLines(ReliabilityStack stack) {
    List<String> forged = new ArrayList<>();
    for (Path log : stack.logFiles()) {
      try {
        for (String line : Files.readAllLines(log, StandardCharsets.ISO_8859_1)) {
          if (line.startsWith(HostileInput.FORGED)) {
            forged.add(log.getFileName() + ": " + line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return forged;
  }
}
