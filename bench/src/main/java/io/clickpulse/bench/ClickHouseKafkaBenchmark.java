package io.clickpulse.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;

/**
 * Peer 2: ClickHouse ingesting the topic itself, through its Kafka table engine and materialized
 * views into a raw table and minute aggregates ({@code clickhouse-kafka-engine.sql}). Timed from
 * the moment the consumers are attached until the last row landed, as ClickHouse stamps it.
 */
final class ClickHouseKafkaBenchmark {
  static final String DATABASE = "chkafka";
  private static final String GROUP = "bench-chkafka";
  private static final Duration LIMIT = Duration.ofMinutes(30);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private ClickHouseKafkaBenchmark() {}

  static Throughput run(BenchStack stack, BenchInput input, Progress progress) throws Exception {
    List<String> statements =
        SqlScript.statements(
            "clickhouse-kafka-engine.sql",
            Map.of(
                "database",
                DATABASE,
                "kafka",
                stack.kafka.bootstrapServers(),
                "topic",
                input.topic(),
                "group",
                "bench-chkafka",
                // One consumer per partition, as Flink reads them.
                "consumers",
                Integer.toString(BenchInput.PARTITIONS),
                "secret",
                PipelineBenchmark.SECRET));
    statements.subList(0, statements.size() - 1).forEach(stack.clickhouse::query);
    stack.countInserts(DATABASE, "clicks");

    long startMillis = System.currentTimeMillis();
    long startNanos = System.nanoTime();
    stack.clickhouse.query(statements.get(statements.size() - 1));
    // The engine commits a block's offsets after every view has written it.
    long lag;
    long nextProgress = startNanos + PROGRESS_EVERY.toNanos();
    try (Admin admin = stack.kafka.admin()) {
      while ((lag = ConsumerLag.of(admin, GROUP, input.topic(), BenchInput.PARTITIONS)) > 0) {
        long now = System.nanoTime();
        if (now - startNanos > LIMIT.toNanos()) {
          throw new IllegalStateException(
              "ClickHouse left " + lag + " of " + input.events() + " records within " + LIMIT);
        }
        if (now > nextProgress) {
          progress.step(
              "  running %.0f s; %,d records not yet committed", (now - startNanos) / 1e9, lag);
          nextProgress = now + PROGRESS_EVERY.toNanos();
        }
        LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      }
    }
    long consumed = stack.number("SELECT sum(records) FROM " + DATABASE + ".consumed");
    long landedMillis =
        stack.number(
            "SELECT toUnixTimestamp64Milli(greatest("
                + "(SELECT max(landed_at) FROM chkafka.consumed),"
                + " (SELECT max(landed_at) FROM chkafka.clicks),"
                + " (SELECT max(landed_at) FROM chkafka.clicks_minute)))");
    // Stop the consumers: nothing else should compete for the CPU afterwards.
    stack.clickhouse.query("DROP TABLE " + DATABASE + ".queue_mv");
    return new Throughput(
            input.events(),
            Duration.ofMillis(landedMillis - startMillis),
            null,
            String.format(
                "%,d records consumed, %,d rows in clicks now (repeats collapse as parts merge),"
                    + " %,d minute rows",
                consumed,
                stack.rows(DATABASE + ".clicks"),
                stack.number(
                    "SELECT count() FROM (SELECT 1 FROM "
                        + DATABASE
                        + ".clicks_minute GROUP BY window_start, link_id, campaign_id, utm_source,"
                        + " utm_medium, utm_campaign, channel, country, device_class, is_bot)")))
        .withLedger(LedgerChecks.clickhouseKafka(stack, DATABASE, input.ledger()));
  }
}
