package io.clickpulse.microbench.sink;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.microbench.Percentiles;
import io.clickpulse.microbench.Progress;
import io.clickpulse.microbench.Results;
import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TimeZone;

/**
 * Rows/s into the real ClickHouse {@code clicks} table (with its rollup views) through
 * clickhouse-jdbc sending VALUES text (the driver's default), clickhouse-jdbc sending RowBinary
 * (the pipeline's sinks) and client-v2's RowBinary insert: the same enriched rows each time,
 * several runs per path, median reported, each compared with the text path.
 */
public final class SinkSection {
  static final String DATABASE = "microbench_sink";

  /** The pipeline's default {@code clickhouse.batch-size}. */
  static final int PIPELINE_BATCH = 10_000;

  static final int WARM_UP_ROWS = 50_000;

  private SinkSection() {}

  public static void run(ClickHouseServer clickhouse, int rows, int runs, Results results)
      throws Exception {
    new ClickHouseMigrations(clickhouse.jdbcUrl(DATABASE), "default", "").apply();
    Progress.say("sink: enriching %,d generated clicks", rows);
    List<EnrichedClick> data = SampleClicks.enriched(rows, 11);
    int bigBatch = Math.min(100_000, rows);
    String jdbcUrl = clickhouse.jdbcUrl(DATABASE);
    List<SinkPath> paths = new ArrayList<>();
    paths.add(new JdbcSinkPath(jdbcUrl, false, PIPELINE_BATCH));
    paths.add(new JdbcSinkPath(jdbcUrl, true, PIPELINE_BATCH));
    paths.add(new ClientV2SinkPath(clickhouse.httpUrl(), DATABASE, PIPELINE_BATCH));
    paths.add(new JdbcSinkPath(jdbcUrl, true, bigBatch));
    paths.add(new ClientV2SinkPath(clickhouse.httpUrl(), DATABASE, bigBatch));

    Results.Table table =
        results.table(
            "ClickHouse sink into clicks (real engine, rollup views included)",
            "path",
            "batch rows",
            "median rows/s",
            "min rows/s",
            "max rows/s",
            "runs",
            "vs JDBC text",
            "same rows as JDBC text");
    try {
      for (SinkPath path : paths) {
        // Unmeasured: loads the path's classes and warms the JIT.
        timedRun(clickhouse, path, data.subList(0, Math.min(WARM_UP_ROWS, data.size())));
      }
      // Round-robin over the paths, so that load from other processes spreads over all of them.
      double[][] rates = new double[paths.size()][runs];
      String[] contents = new String[paths.size()];
      for (int run = 0; run < runs; run++) {
        for (int p = 0; p < paths.size(); p++) {
          SinkPath path = paths.get(p);
          rates[p][run] = timedRun(clickhouse, path, data);
          contents[p] = content(clickhouse);
          Progress.say(
              "sink: %s, batch %,d, run %d: %s rows/s",
              path.name(), path.batchSize(), run + 1, Results.number(rates[p][run]));
        }
      }
      double baseline = Percentiles.median(rates[0]);
      for (int p = 0; p < paths.size(); p++) {
        SinkPath path = paths.get(p);
        double median = Percentiles.median(rates[p]);
        table.row(
            path.name(),
            String.format("%,d", path.batchSize()),
            median,
            Arrays.stream(rates[p]).min().orElseThrow(),
            Arrays.stream(rates[p]).max().orElseThrow(),
            runs,
            String.format("%.2fx", median / baseline),
            contents[p].equals(contents[0]) ? "yes" : "NO");
        results.figure("sink." + key(path) + ".rows_per_s", median);
        results.figure("sink." + key(path) + ".same_rows", contents[p].equals(contents[0]) ? 1 : 0);
      }
    } finally {
      for (SinkPath path : paths) {
        path.close();
      }
    }
    table
        .note(
            "After one unmeasured warm-up insert of up to "
                + String.format("%,d", WARM_UP_ROWS)
                + " rows per path, the paths take turns run by run; each run truncates clicks and its rollup tables, then writes the same "
                + String.format("%,d", rows)
                + " rows (generator traffic through the production parser and enrichment) and"
                + " checks that count() equals the rows written; \"same rows\" compares a hash"
                + " over every column of every stored row with the text path's; rows/s is rows / wall time from"
                + " the first bind to the last acknowledged insert, so it includes binding,"
                + " serialization, HTTP, ClickHouse parsing, the MergeTree write and both"
                + " materialized views (hourly and daily rollups).")
        .note(
            "Both clickhouse-jdbc paths are ClicksTable.INSERT with ClicksTable's statement"
                + " builder on clickhouse-jdbc 0.11.0, addBatch per row and executeBatch per batch"
                + " as flink-connector-jdbc's writer does (without Flink around it); by default the"
                + " driver sends a batch as one INSERT ... VALUES text statement, with "
                + ClickHouseJdbc.ROW_BINARY_INSERTS
                + "=true (the pipeline's sinks) it sends RowBinary. client-v2 0.11.0 streams each"
                + " batch with its RowBinaryFormatWriter. Engine and JVM share the machine's 2"
                + " cores; the JVM's default time zone was "
                + TimeZone.getDefault().getID()
                + ".");
  }

  /** One full write of {@code data}; returns rows per second. */
  private static double timedRun(
      ClickHouseServer clickhouse, SinkPath path, List<EnrichedClick> data) throws Exception {
    for (String table : List.of("clicks", "clicks_hourly", "clicks_daily")) {
      clickhouse.query("TRUNCATE TABLE " + DATABASE + "." + table);
    }
    System.gc();
    long start = System.nanoTime();
    path.insert(data);
    double seconds = (System.nanoTime() - start) / 1e9;
    long stored =
        Long.parseLong(clickhouse.query("SELECT count() FROM " + DATABASE + ".clicks").strip());
    if (stored != data.size()) {
      throw new IllegalStateException(
          path.name() + " stored " + stored + " of " + data.size() + " rows");
    }
    return data.size() / seconds;
  }

  /**
   * A fingerprint of every stored value (sum of per-row hashes over all columns): paths that store
   * the same rows have the same fingerprint, whatever the order.
   */
  private static String content(ClickHouseServer clickhouse) {
    return clickhouse.query("SELECT sum(cityHash64(*)) FROM " + DATABASE + ".clicks").strip();
  }

  private static String key(SinkPath path) {
    String kind =
        path instanceof ClientV2SinkPath
            ? "client_v2"
            : ((JdbcSinkPath) path).rowBinary() ? "jdbc_row_binary" : "jdbc";
    return kind + "." + path.batchSize();
  }
}
