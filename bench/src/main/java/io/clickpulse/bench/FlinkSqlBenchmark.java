package io.clickpulse.bench;

import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.udf.sql.ClickPulseFunctions;
import io.clickpulse.udf.sql.VisitorIdFunction;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.StatementSet;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * Peer 1: the same pipeline in Flink SQL ({@code flinksql-pipeline.sql}) with the project's SQL
 * functions, on the same cluster, input, parallelism and checkpoints, writing to ClickHouse through
 * Flink's JDBC table connector (with {@link io.clickpulse.bench.sql.ClickHouseDialect}).
 */
final class FlinkSqlBenchmark {
  static final String DATABASE = "flinksql";

  private FlinkSqlBenchmark() {}

  static Throughput run(BenchStack stack, BenchInput input, BenchOptions options, Progress progress)
      throws Exception {
    return run(stack, input, options, DATABASE, progress);
  }

  /**
   * As above, writing to {@code database} and reading as the Kafka group {@code bench-<database>}.
   */
  static Throughput run(
      BenchStack stack, BenchInput input, BenchOptions options, String database, Progress progress)
      throws Exception {
    SqlScript.statements("flinksql-clickhouse.sql", Map.of("database", database))
        .forEach(stack.clickhouse::query);

    StreamExecutionEnvironment env = stack.flink.environment();
    // The same checkpointing, state backend and parallelism as the ClickPulse pipeline.
    JobEnvironment.configure(
        env,
        PipelineBenchmark.settings(
            stack,
            "bench-" + database,
            options.checkpointInterval(),
            Map.of(
                "clickhouse.url", stack.clickhouse.jdbcUrl(database),
                "parallelism", Integer.toString(options.parallelism()))));
    env.getConfig()
        .setGlobalJobParameters(
            Configuration.fromMap(
                Map.of(VisitorIdFunction.SECRET_PARAMETER, PipelineBenchmark.SECRET)));
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    tables.getConfig().set("table.local-time-zone", "UTC");
    tables.getConfig().set("table.exec.source.idle-timeout", "1 min");
    // As long as ClickPulse remembers event ids (dedup.ttl).
    tables.getConfig().set("table.exec.state.ttl", "24 h");
    // The three INSERTs read the same views; without this each expands them on its own and the
    // job deduplicates and enriches every click three times (three Deduplicate operators).
    tables.getConfig().set("table.optimizer.reuse-optimize-block-with-digest-enabled", "true");
    ClickPulseFunctions.ALL.forEach(tables::createTemporarySystemFunction);

    String jdbc =
        String.join(
            ", ",
            "'connector' = 'jdbc'",
            "'url' = '" + stack.clickhouse.jdbcUrl(database) + "'",
            "'driver' = 'com.clickhouse.jdbc.Driver'",
            // ClickPulse's sink settings: 10,000 rows or 2 s per batch, 5 retries.
            "'sink.buffer-flush.max-rows' = '10000'",
            "'sink.buffer-flush.interval' = '2s'",
            "'sink.max-retries' = '5'");
    StatementSet inserts = tables.createStatementSet();
    for (String statement :
        SqlScript.statements(
            "flinksql-pipeline.sql",
            Map.of(
                "topic",
                input.topic(),
                "kafka",
                stack.kafka.bootstrapServers(),
                "group",
                "bench-" + database,
                "jdbc_options",
                jdbc))) {
      if (statement.startsWith("INSERT")) {
        inserts.addInsertSql(statement);
      } else {
        tables.executeSql(statement);
      }
    }

    ThreadCpu threads = new ThreadCpu();
    long submittedMillis = System.currentTimeMillis();
    long submitted = System.nanoTime();
    TableResult result = inserts.execute();
    var job = result.getJobClient().orElseThrow();
    String clicks = database + ".clicks";
    FlinkJobs.Finished done =
        FlinkJobs.await(
            job,
            submitted,
            progress,
            () -> String.format("%,d rows in clicks", stack.rows(clicks)),
            threads);
    // The job's last checkpoint flushed every sink, so what it wrote is visible now.
    long rows = stack.rows(clicks);
    long lastLanded = stack.lastLanded(database, "clicks", "clicks_minute", "spike_alerts");
    return new Throughput(
            input.events(),
            Duration.ofMillis(lastLanded - submittedMillis),
            done.net(),
            String.format(
                "%,d rows in clicks (ClickPulse accepts %,d), %,d in clicks_minute, %,d spikes",
                rows,
                input.ledger().expectedStored(),
                stack.rows(database + ".clicks_minute"),
                stack.rows(database + ".spike_alerts")),
            threads.top(12))
        .withLedger(LedgerChecks.flinkSql(stack, database, input.ledger()));
  }
}
