package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.stack.ClickHouseServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 6, after all the others: none of the client IP addresses they sent and none of the
 * secrets they configured (visitor-hash secret, webhook signing secrets and URLs, ClickHouse
 * passwords) appears in any ClickHouse table, in any Kafka topic the jobs write (dead letters,
 * alerts, delivery dead letters), or in any log file of the run.
 */
@Order(100) // after every other scenario
@Tag("engines")
class PrivacyAndSecretsITCase {
  @Test
  @Timeout(600)
  void noRawIpAndNoSecretInClickHouseKafkaOrLogs() throws Exception {
    ReliabilityStack stack = ReliabilityStack.get();
    assertTrue(Leaks.ips() > 1000, "run after the other scenarios (mvn verify runs them all)");
    Leaks.secret(ReliabilityStack.VISITOR_HASH_SECRET);
    ReliabilityStack.CLICKHOUSE_PASSWORDS.values().forEach(Leaks::secret);

    List<String> found = new ArrayList<>();
    int tables = scanClickHouse(stack.clickhouse(), found);
    int topics = scanTopics(stack, found);
    int files = 0;
    for (Path log : stack.logFiles()) {
      files++;
      scanFile(log, found);
    }
    assertEquals(List.of(), found.subList(0, Math.min(found.size(), 30)));
    Report.figure(
        new Scenario("s6_privacy"),
        "%d sent IP addresses and %d secrets searched in %d ClickHouse tables, %d Kafka topics"
            + " and %d log files: none found",
        Leaks.ips(),
        Leaks.secrets().size(),
        tables,
        topics,
        files);
  }

  /**
   * Every table of every database: the IP-looking tokens of all its columns are extracted by
   * ClickHouse and compared here; secrets are searched by ClickHouse.
   */
  private static int scanClickHouse(ClickHouseServer clickhouse, List<String> found) {
    List<String> secrets = List.copyOf(Leaks.secrets());
    Map<String, String> parameters = new HashMap<>();
    // Runs of digits and dots, and IPv6-looking runs: Leaks.in then finds the addresses in them
    // exactly (ClickHouse's RE2 has no lookarounds).
    parameters.put("ip", "[0-9.]{7,}|(?i)2001:db8:[0-9a-f:]+");
    StringBuilder secretCounts = new StringBuilder();
    for (int i = 0; i < secrets.size(); i++) {
      parameters.put("s" + i, secrets.get(i));
      secretCounts.append(", countIf(position(row, {s").append(i).append(":String}) > 0)");
    }
    int scanned = 0;
    for (String table :
        clickhouse
            .query(
                "SELECT database || '.' || name FROM system.tables WHERE database NOT IN"
                    + " ('system', 'INFORMATION_SCHEMA', 'information_schema')"
                    + " AND engine NOT LIKE '%View'")
            .strip()
            .split("\n")) {
      String[] result =
          clickhouse
              .query(
                  "SELECT arrayStringConcat(groupUniqArrayArray(extractAll(row, {ip:String})), ' ')"
                      + secretCounts
                      + " FROM (SELECT formatRow('TabSeparated', *) AS row FROM "
                      + table
                      + ")",
                  parameters,
                  "default")
              .stripTrailing() // the first column may be empty: keep its tab
              .split("\t", -1);
      for (String candidate : result[0].split(" ")) {
        Leaks.in(candidate).forEach(leak -> found.add("ClickHouse " + table + ": " + leak));
      }
      for (int i = 0; i < secrets.size(); i++) {
        if (!result[i + 1].equals("0")) {
          found.add("ClickHouse " + table + ": secret " + secrets.get(i).substring(0, 4) + "...");
        }
      }
      scanned++;
    }
    return scanned;
  }

  /** The topics the jobs write: dead letters, alerts and delivery dead letters. */
  private static int scanTopics(ReliabilityStack stack, List<String> found) throws Exception {
    List<String> written;
    try (Admin admin = stack.kafka().admin()) {
      written =
          admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
              .filter(t -> t.endsWith(".dlq") || t.endsWith(".alerts"))
              .sorted()
              .toList();
    }
    for (String topic : written) {
      for (byte[] value : KafkaTopics.readCommitted(stack.kafka().bootstrapServers(), topic)) {
        Leaks.in(new String(value, StandardCharsets.UTF_8))
            .forEach(leak -> found.add("Kafka " + topic + ": " + leak));
      }
    }
    return written.size();
  }

  private static void scanFile(Path file, List<String> found) {
    try (var lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
      lines.forEach(
          line -> Leaks.in(line).forEach(leak -> found.add(file.getFileName() + ": " + leak)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
