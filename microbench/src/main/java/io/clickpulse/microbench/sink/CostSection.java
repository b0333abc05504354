package io.clickpulse.microbench.sink;

import io.clickpulse.jobs.aggregate.ClickCounts;
import io.clickpulse.jobs.aggregate.LateClicksTable;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteAggregatesTable;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.aggregate.MinuteKey;
import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.pipeline.ClicksTable;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.jobs.pipeline.PipelineHealthTables;
import io.clickpulse.microbench.Merges;
import io.clickpulse.microbench.Percentiles;
import io.clickpulse.microbench.ProcessCpu;
import io.clickpulse.microbench.Progress;
import io.clickpulse.microbench.Results;
import io.clickpulse.microbench.SampleClicks;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * ClickHouse's own CPU per stored row, table by table: the engine process's user + system time
 * while the pipeline's JDBC path (RowBinary, the pipeline's batch size) writes realistic rows into
 * one table of a fresh database, and until the background merges those inserts started have
 * finished. The client runs in this JVM and is not counted.
 */
public final class CostSection {
  static final String DATABASE = "microbench_cost";
  private static final Duration IDLE_SAMPLE = Duration.ofSeconds(2);
  private static final Duration QUIET = Duration.ofSeconds(5);

  /**
   * One table (or the clicks table with some of its views), the rows the pipeline writes, and what
   * the connection URL adds to the sinks' settings.
   */
  record Case<T>(
      String name,
      String table,
      List<String> setup,
      String insert,
      JdbcStatementBuilder<T> builder,
      List<T> rows,
      int clicks,
      int batch,
      String urlParameters) {}

  private CostSection() {}

  public static void run(ClickHouseServer clickhouse, int rows, int runs, Results results)
      throws Exception {
    Progress.say("cost: enriching %,d generated clicks", rows);
    List<EnrichedClick> clicks = SampleClicks.enriched(rows, 23);
    // Recent event times: the side tables keep 30 days, and rows past a table's TTL would be
    // dropped by the first merge instead of stored.
    long shift =
        System.currentTimeMillis() - Duration.ofDays(7).toMillis() - SampleClicks.FIRST_EVENT_TIME;
    for (EnrichedClick c : clicks) {
      c.click.eventTime += shift;
    }
    List<Case<?>> cases = cases(clicks);
    Results.Table table =
        results.table(
            "ClickHouse CPU per stored row, per table (real engine)",
            "table",
            "rows written",
            "µs per row, insert",
            "µs per row, with merges",
            "µs per click",
            "bytes per row on disk");
    for (Case<?> c : cases) {
      double[] insert = new double[runs];
      double[] total = new double[runs];
      double bytes = 0;
      for (int run = 0; run < runs; run++) {
        double[] measured = measure(clickhouse, c);
        insert[run] = measured[0];
        total[run] = measured[1];
        bytes = measured[2];
        Progress.say(
            "cost: %s, run %d: %.1f µs/row insert, %.1f with merges",
            c.name(), run + 1, insert[run], total[run]);
      }
      double perRow = Percentiles.median(total);
      double perClick = perRow * c.rows().size() / c.clicks();
      table.row(
          c.name(),
          String.format("%,d", c.rows().size()),
          Percentiles.median(insert),
          perRow,
          perClick,
          bytes);
      String key = "cost." + c.name().replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
      results.figure(key + ".us_per_row", perRow);
      results.figure(key + ".us_per_click", perClick);
      results.figure(key + ".bytes_per_row", bytes);
    }
    table
        .note(
            String.format(
                "%,d generated clicks (the traffic generator's catalog, parsed and enriched by the"
                    + " production code, one second of event time apart, from 7 days ago) and the rows the pipeline"
                    + " derives from them: minute aggregates grouped as the job groups them, the"
                    + " same clicks as late clicks and duplicates, one dead letter per click.",
                rows))
        .note(
            "Each run starts from a fresh database with every migration applied (views dropped"
                + " where the name says so) and writes the rows through clickhouse-jdbc RowBinary"
                + " with the table's production INSERT, statement builder and connection settings"
                + " (no merge on insert unless the name says so), "
                + String.format("%,d", SinkSection.PIPELINE_BATCH)
                + " rows per batch unless the name says otherwise. CPU is the ClickHouse process's user + system time from"
                + " /proc (10 ms ticks) from the first insert until no merge has run in the"
                + " database for 5 s, less its idle rate measured for 2 s before; \"insert\" stops at the"
                + " last acknowledged batch. µs per click spreads a table's cost over the clicks"
                + " its rows came from. Median of "
                + runs
                + " runs; bytes on disk after the merges.");
  }

  private static List<Case<?>> cases(List<EnrichedClick> clicks) {
    int n = clicks.size();
    List<String> noViews = List.of("DROP VIEW clicks_hourly_mv", "DROP VIEW clicks_daily_mv");
    List<Case<?>> cases = new ArrayList<>();
    cases.add(clicksCase("clicks + hourly and daily rollup views", List.of(), clicks, 0));
    cases.add(
        clicksCase(
            "clicks + both views, merge on insert (optimize_on_insert = 1, before)",
            List.of(),
            clicks,
            0,
            "?" + ClickHouseJdbc.OPTIMIZE_ON_INSERT + "=1"));
    for (int batch : List.of(50_000, 200_000)) {
      if (batch <= n) {
        String name = String.format("clicks + both views, %,d-row batches", batch);
        cases.add(clicksCase(name, List.of(), clicks, batch));
      }
    }
    cases.add(
        clicksCase("clicks + hourly rollup view", List.of("DROP VIEW clicks_daily_mv"), clicks, 0));
    cases.add(clicksCase("clicks alone (no views)", noViews, clicks, 0));
    cases.add(
        new Case<>(
            "clicks_minute",
            "clicks_minute",
            List.of(),
            MinuteAggregatesTable.INSERT,
            MinuteAggregatesTable.STATEMENT_BUILDER,
            minuteAggregates(clicks),
            n,
            SinkSection.PIPELINE_BATCH,
            ""));
    cases.add(
        new Case<>(
            "late_clicks",
            "late_clicks",
            List.of(),
            LateClicksTable.INSERT,
            LateClicksTable.STATEMENT_BUILDER,
            clicks.stream().map(MinuteClick::of).toList(),
            n,
            SinkSection.PIPELINE_BATCH,
            ""));
    cases.add(
        new Case<>(
            "duplicate_clicks",
            "duplicate_clicks",
            List.of(),
            PipelineHealthTables.INSERT_DUPLICATE,
            PipelineHealthTables.DUPLICATE_STATEMENT_BUILDER,
            clicks.stream().map(CostSection::duplicate).toList(),
            n,
            SinkSection.PIPELINE_BATCH,
            ""));
    cases.add(
        new Case<>(
            "dead_letters",
            "dead_letters",
            List.of(),
            PipelineHealthTables.INSERT_DEAD_LETTER,
            PipelineHealthTables.DEAD_LETTER_STATEMENT_BUILDER,
            clicks.stream().map(CostSection::deadLetter).toList(),
            n,
            SinkSection.PIPELINE_BATCH,
            ""));
    return cases;
  }

  /** Rows into {@code clicks} after {@code setup}; batch 0 is the pipeline's. */
  private static Case<EnrichedClick> clicksCase(
      String name, List<String> setup, List<EnrichedClick> clicks, int batch) {
    return clicksCase(name, setup, clicks, batch, "");
  }

  /** The same on a connection whose URL adds {@code urlParameters}. */
  private static Case<EnrichedClick> clicksCase(
      String name,
      List<String> setup,
      List<EnrichedClick> clicks,
      int batch,
      String urlParameters) {
    return new Case<>(
        name,
        "clicks",
        setup,
        ClicksTable.INSERT,
        ClicksTable.STATEMENT_BUILDER,
        clicks,
        clicks.size(),
        batch == 0 ? SinkSection.PIPELINE_BATCH : batch,
        urlParameters);
  }

  /** The job's minute rows for these clicks: one per minute and key, test traffic excluded. */
  static List<MinuteAggregate> minuteAggregates(List<EnrichedClick> clicks) {
    Map<Long, Map<MinuteKey, ClickCounts>> minutes = new LinkedHashMap<>();
    for (EnrichedClick c : clicks) {
      if (c.click.isTest) {
        continue;
      }
      long minute = c.click.eventTime - Math.floorMod(c.click.eventTime, 60_000L);
      minutes
          .computeIfAbsent(minute, m -> new LinkedHashMap<>())
          .computeIfAbsent(MinuteKey.of(c), k -> new ClickCounts())
          .add(MinuteClick.of(c));
    }
    List<MinuteAggregate> rows = new ArrayList<>();
    minutes.forEach(
        (minute, keys) ->
            keys.forEach((key, counts) -> rows.add(MinuteAggregate.of(minute, key, counts))));
    return rows;
  }

  private static DuplicateClick duplicate(EnrichedClick c) {
    DuplicateClick d = new DuplicateClick();
    d.eventTime = c.click.eventTime + 2_000;
    d.eventId = c.click.eventId;
    d.partition = c.click.sourcePartition;
    d.offset = c.click.sourceOffset + 1_000_000;
    return d;
  }

  private static DeadLetter deadLetter(EnrichedClick c) {
    DeadLetter d = new DeadLetter();
    d.reason = "duplicate_conflict";
    d.detail = "same event_id, different link_id";
    d.topic = "clicks.raw";
    d.partition = c.click.sourcePartition;
    d.offset = c.click.sourceOffset;
    d.recordTimestamp = c.click.eventTime;
    d.eventId = c.click.eventId;
    return d;
  }

  /** {insert µs per row, µs per row until merges settled, bytes per row on disk}. */
  private static <T> double[] measure(ClickHouseServer clickhouse, Case<T> c) throws Exception {
    clickhouse.query("DROP DATABASE IF EXISTS " + DATABASE + " SYNC");
    new ClickHouseMigrations(clickhouse.jdbcUrl(DATABASE), "default", "").apply();
    for (String sql : c.setup()) {
      clickhouse.query(sql, Map.of(), DATABASE);
    }
    long pid = clickhouse.pid();
    double idleStart = ProcessCpu.seconds(pid);
    long idleT0 = System.nanoTime();
    Thread.sleep(IDLE_SAMPLE.toMillis()); // a fixed sampling interval, not a wait for a state
    double idleRate = (ProcessCpu.seconds(pid) - idleStart) / ((System.nanoTime() - idleT0) / 1e9);

    long t0 = System.nanoTime();
    double cpu0 = ProcessCpu.seconds(pid);
    try (Connection connection =
            ClickHouseJdbc.connect(
                clickhouse.jdbcUrl(DATABASE) + c.urlParameters(), "default", "", true);
        PreparedStatement ps = connection.prepareStatement(c.insert())) {
      int pending = 0;
      for (T row : c.rows()) {
        c.builder().accept(ps, row);
        ps.addBatch();
        if (++pending == c.batch()) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
    double cpu1 = ProcessCpu.seconds(pid);
    double insertSeconds = (System.nanoTime() - t0) / 1e9;
    Merges.await(clickhouse, DATABASE, QUIET, Duration.ofMinutes(2));
    double cpu2 = ProcessCpu.seconds(pid);
    double allSeconds = (System.nanoTime() - t0) / 1e9;
    int rows = c.rows().size();
    String bytes =
        clickhouse
            .query(
                "SELECT sum(bytes_on_disk) FROM system.parts WHERE active AND database = {db:String}"
                    + " AND table = {t:String}",
                Map.of("db", DATABASE, "t", c.table()))
            .strip();
    return new double[] {
      (cpu1 - cpu0 - idleRate * insertSeconds) * 1e6 / rows,
      (cpu2 - cpu0 - idleRate * allSeconds) * 1e6 / rows,
      Double.parseDouble(bytes) / rows
    };
  }
}
