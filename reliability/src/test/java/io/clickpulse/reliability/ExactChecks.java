package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.clickpulse.jobs.kafka.KafkaTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The exact checks every crash and outage scenario ends with: ClickHouse's raw clicks (FINAL),
 * minute aggregates (FINAL) and hourly rollups hold exactly the {@link Expectation}, per minute (or
 * hour) and link; nothing is late; every reject is dead-lettered once, in ClickHouse and on Kafka;
 * and the alerts table and topic hold the same alerts (the expected ones among them), the topic
 * each of them once.
 */
final class ExactChecks {
  private final ReliabilityStack stack;
  private final Scenario scenario;
  private final Expectation expected;

  ExactChecks(ReliabilityStack stack, Scenario scenario, Expectation expected) {
    this.stack = stack;
    this.scenario = scenario;
    this.expected = expected;
  }

  /**
   * Waits until every expected row arrived (or more, which the exact checks then report), in
   * ClickHouse and on the Kafka topics: the JDBC sinks also flush between checkpoints, the Kafka
   * transactions commit only on a completed checkpoint.
   */
  void awaitComplete(Duration timeout) {
    Await.until(
        "the pipeline to catch up with " + expected,
        timeout,
        () -> {
          long[] n = progress();
          return n[0] >= expected.stored
              && n[1] >= expected.aggregatedClicks()
              && n[2] >= expected.alerts.size()
              && n[3] >= expected.rejected
              && n[4] >= expected.duplicates
              && n[5] >= expected.lateClicks()
              && deadLettersOnKafka() >= expected.rejected
              && alertsOnTopic().size() >= expected.alerts.size();
        },
        this::describeProgress);
  }

  long deadLettersOnKafka() {
    return KafkaTopics.readCommitted(stack.kafka().bootstrapServers(), scenario.deadLetterTopic())
        .size();
  }

  /**
   * Stored clicks, aggregated clicks, alerts, dead letters, duplicates and late clicks now in
   * ClickHouse, after collapsing replays (FINAL).
   */
  long[] progress() {
    String[] row =
        query(
                "SELECT (SELECT count() FROM clicks FINAL), (SELECT sum(clicks) FROM clicks_minute"
                    + " FINAL), (SELECT count() FROM alerts FINAL), (SELECT count() FROM"
                    + " dead_letters FINAL), (SELECT count() FROM duplicate_clicks FINAL),"
                    + " (SELECT count() FROM late_clicks FINAL)")
            .strip()
            .split("\t");
    long[] n = new long[row.length];
    for (int i = 0; i < row.length; i++) {
      n[i] = Long.parseLong(row[i]);
    }
    return n;
  }

  /** Rows written so far, replays not collapsed: how far a job got. */
  long storedRows() {
    return Long.parseLong(query("SELECT count() FROM clicks").strip());
  }

  void assertExact() {
    assertSameCounts(
        "raw clicks (FINAL) per minute and link",
        expected.rawByMinute,
        counts(
            "SELECT toUnixTimestamp(toStartOfMinute(event_time)) || '|' || link_id, count()"
                + " FROM clicks FINAL GROUP BY 1",
            1));
    assertEquals(
        "1",
        query("SELECT count() = uniqExact(event_id) FROM clicks FINAL").strip(),
        "each event_id once");
    String minutes =
        "SELECT toUnixTimestamp(window_start) || '|' || link_id, sum(clicks), sum(redirect_errors)"
            + " FROM clicks_minute FINAL GROUP BY 1";
    assertSameCounts(
        "minute aggregates (FINAL): clicks", expected.clicksByMinute, counts(minutes, 1));
    assertSameCounts(
        "minute aggregates (FINAL): redirect errors", expected.errorsByMinute, counts(minutes, 2));
    String hours =
        "SELECT toUnixTimestamp(hour) || '|' || link_id, uniqExactMerge(clicks),"
            + " uniqExactMerge(redirect_errors) FROM clicks_hourly GROUP BY 1";
    assertSameCounts("hourly rollup: clicks", expected.clicksByHour, counts(hours, 1));
    assertSameCounts("hourly rollup: redirect errors", expected.errorsByHour, counts(hours, 2));
    assertSameCounts(
        "late clicks (FINAL), exactly the clicks that arrived too late",
        expected.lateByMinute,
        counts(
            "SELECT toUnixTimestamp(toStartOfMinute(event_time)) || '|' || link_id, count()"
                + " FROM late_clicks FINAL GROUP BY 1",
            1));

    long[] n = progress();
    assertEquals(expected.rejected, n[3], "dead letters in ClickHouse (FINAL)");
    assertEquals(expected.duplicates, n[4], "duplicates in ClickHouse (FINAL)");
    assertEquals(expected.rejected, deadLettersOnKafka(), "dead letters on Kafka, each once");

    // The planted anomalies' alerts, each exactly once; what the background traffic raises on its
    // own (a hot link's noise, say) must be there exactly once too, the same in both places.
    Set<String> inTable = alertsInTable();
    Set<String> missing = new TreeSet<>(expected.alerts);
    missing.removeAll(inTable);
    // Name the missing ones first: the table also holds the background's own alerts (drops when
    // traffic ends), which are no failure and once hid what was missing.
    assertTrue(
        missing.isEmpty(),
        "planted alerts missing from ClickHouse: " + missing + "; in the table: " + inTable);
    // The table's and the topic's committers commit a checkpoint's alerts moments apart.
    Await.until(
        "the alerts table and topic to hold the same alerts",
        Duration.ofSeconds(30),
        () -> alertsInTable().equals(new TreeSet<>(alertsOnTopic())),
        () -> "in the table " + alertsInTable() + ", on the topic " + alertsOnTopic());
    List<String> onTopic = alertsOnTopic();
    assertEquals(
        new HashSet<>(onTopic).size(), onTopic.size(), "each alert once on Kafka: " + onTopic);
  }

  private Set<String> alertsInTable() {
    return lines(
        "SELECT alert_id || '/' || status || ' ' || rule || ' ' || subject_type || ' ' ||"
            + " subject_id FROM alerts FINAL");
  }

  private List<String> alertsOnTopic() {
    List<String> alerts = new ArrayList<>();
    for (byte[] value :
        KafkaTopics.readCommitted(stack.kafka().bootstrapServers(), scenario.alertsTopic())) {
      var a = Json.read(new String(value, StandardCharsets.UTF_8));
      alerts.add(
          a.get("alert_id").asText()
              + "/"
              + a.get("status").asText()
              + " "
              + a.get("rule").asText()
              + " "
              + a.get("subject_type").asText()
              + " "
              + a.get("subject_id").asText());
    }
    return alerts;
  }

  private String describeProgress() {
    try {
      long[] n = progress();
      return String.format(
          "stored %d/%d, aggregated %d/%d, alerts %d/%d, dead letters %d/%d, duplicates %d/%d;"
              + " on Kafka: %d dead letters, %d alerts",
          n[0],
          expected.stored,
          n[1],
          expected.aggregatedClicks(),
          n[2],
          expected.alerts.size(),
          n[3],
          expected.rejected,
          n[4],
          expected.duplicates,
          deadLettersOnKafka(),
          alertsOnTopic().size());
    } catch (IllegalStateException e) {
      return "ClickHouse not answering: " + e.getMessage();
    }
  }

  /** Fails with the differing keys only: the full maps have thousands of entries. */
  static void assertSameCounts(String what, Map<String, Long> expected, Map<String, Long> actual) {
    if (expected.equals(actual)) {
      return;
    }
    Set<String> keys = new TreeSet<>(expected.keySet());
    keys.addAll(actual.keySet());
    List<String> differences = new ArrayList<>();
    for (String key : keys) {
      if (!java.util.Objects.equals(expected.get(key), actual.get(key))) {
        differences.add(key + ": expected " + expected.get(key) + ", got " + actual.get(key));
      }
    }
    fail(
        what
            + ": "
            + differences.size()
            + " of "
            + keys.size()
            + " keys differ, e.g. "
            + differences.subList(0, Math.min(20, differences.size())));
  }

  private Map<String, Long> counts(String sql, int column) {
    Map<String, Long> counts = new TreeMap<>();
    for (String line : query(sql).split("\n")) {
      if (!line.isEmpty()) {
        String[] fields = line.split("\t");
        counts.put(fields[0], Long.parseLong(fields[column]));
      }
    }
    return counts;
  }

  private Set<String> lines(String sql) {
    Set<String> lines = new HashSet<>();
    for (String line : query(sql).split("\n")) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return new TreeSet<>(lines);
  }

  private String query(String sql) {
    return stack.clickhouse().query(sql, Map.of(), scenario.database());
  }
}
