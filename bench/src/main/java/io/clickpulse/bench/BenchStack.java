package io.clickpulse.bench;

import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real engines every measure shares: a Kafka broker and a ClickHouse engine in their own
 * processes, and the Flink MiniCluster in this JVM.
 */
final class BenchStack implements AutoCloseable {
  final Path dir;
  final KafkaBroker kafka;
  final ClickHouseServer clickhouse;
  final LocalFlink flink;

  private BenchStack(Path dir, KafkaBroker kafka, ClickHouseServer clickhouse, LocalFlink flink) {
    this.dir = dir;
    this.kafka = kafka;
    this.clickhouse = clickhouse;
    this.flink = flink;
  }

  static BenchStack start(Path dir) throws Exception {
    Engines engines = Engines.start(dir);
    try {
      // Four slots: the alert measure runs the pipeline (parallelism 2) and delivery side by side.
      return new BenchStack(
          dir, engines.kafka(), engines.clickhouse(), LocalFlink.start(dir.resolve("flink"), 4));
    } catch (Exception | Error e) {
      engines.close();
      throw e;
    }
  }

  /** The Flink MiniCluster's process: this JVM, whose harness threads mostly wait. */
  static final String FLINK = "flink";

  /** The processes whose CPU time a measure reports, by name. */
  Map<String, Long> pids() {
    Map<String, Long> pids = new LinkedHashMap<>();
    pids.put(FLINK, ProcessHandle.current().pid());
    pids.put("kafka", kafka.pid());
    pids.put("clickhouse", clickhouse.pid());
    return pids;
  }

  /** Rows in a ClickHouse table ({@code database.table}), as a plain count(). */
  long rows(String table) {
    return number("SELECT count() FROM " + table);
  }

  /** The single number a query returns. */
  long number(String sql) {
    return Long.parseLong(clickhouse.query(sql).strip());
  }

  /**
   * Counts every row inserted into {@code database.table} from now on, in {@code
   * database.table_inserted}, whatever merges later collapse: what a system without deduplication
   * wrote. See {@link #inserted}.
   */
  void countInserts(String database, String table) {
    String counter = database + "." + table + "_inserted";
    clickhouse.query(
        "CREATE TABLE IF NOT EXISTS "
            + counter
            + " (rows UInt64) ENGINE = SummingMergeTree ORDER BY tuple()");
    clickhouse.query(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS "
            + counter
            + "_mv TO "
            + counter
            + " AS SELECT count() AS rows FROM "
            + database
            + "."
            + table);
  }

  /** Rows inserted into a table since {@link #countInserts}. */
  long inserted(String database, String table) {
    return number("SELECT sum(rows) FROM " + database + "." + table + "_inserted");
  }

  /**
   * Stamps each row of {@code database.table} with the time it landed: a column ClickHouse fills
   * itself, so timing the last row needs no polling and costs the writer nothing.
   */
  void stampLanding(String database, String... tables) {
    for (String table : tables) {
      clickhouse.query(
          "ALTER TABLE "
              + database
              + "."
              + table
              + " ADD COLUMN IF NOT EXISTS landed_at DateTime64(3) MATERIALIZED now64(3)");
    }
  }

  /** When the last row of the stamped tables landed (epoch ms, ClickHouse's clock). */
  long lastLanded(String database, String... tables) {
    StringBuilder sql = new StringBuilder("SELECT toUnixTimestamp64Milli(greatest(");
    for (int i = 0; i < tables.length; i++) {
      sql.append(i == 0 ? "" : ", ")
          .append("(SELECT max(landed_at) FROM ")
          .append(database)
          .append('.')
          .append(tables[i])
          .append(')');
    }
    return number(sql.append("))").toString());
  }

  @Override
  public void close() throws Exception {
    try (kafka;
        clickhouse) {
      flink.close();
    }
  }
}
