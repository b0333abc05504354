package io.clickpulse.bench;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.pipeline.ClicksTable;
import io.clickpulse.jobs.pipeline.EnrichClicks;
import io.clickpulse.jobs.pipeline.SeparateRejects;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The sink ceiling: what storing the raw clicks alone costs. The pipeline's own pieces, nothing
 * else: its Kafka source with {@code ClickRecordDeserializer} (parse and validate), {@link
 * SeparateRejects}, {@link EnrichClicks} (the clicks row needs the user agent, UTM and visitor
 * fields) and its JDBC RowBinary sink into a {@code clicks} table made by its migrations, with its
 * checkpoint interval and state backend. No deduplication (every record that passes validation is a
 * row), no watermarks, no windows, no alert rules, rejects dropped. A pipeline that does all that
 * on top cannot be faster.
 */
final class SinkCeilingBenchmark {
  static final String DATABASE = "sinkceiling";

  private SinkCeilingBenchmark() {}

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
    ClickPipelineConfig config =
        PipelineBenchmark.config(
            stack,
            "bench-" + database,
            options.checkpointInterval(),
            Map.of(
                "kafka.topic.raw", input.topic(),
                "kafka.bounded", "true",
                "clickhouse.url", stack.clickhouse.jdbcUrl(database),
                "parallelism", Integer.toString(options.parallelism())));
    stack.stampLanding(database, "clicks");
    stack.countInserts(database, "clicks");

    StreamExecutionEnvironment env = stack.flink.environment();
    JobEnvironment.configure(env, config);
    env.fromSource(ClickPipelineJob.source(config), WatermarkStrategy.noWatermarks(), "clicks.raw")
        .process(new SeparateRejects())
        .name("validate")
        .process(
            new EnrichClicks(
                config.enrich().taxonomy(),
                config.enrich().visitorHashSecret(),
                config.enrich().userAgentCacheSize(),
                config.rawTopic()))
        .name("enrich")
        .sinkTo(
            ClickHouseSinks.sink(
                    config.clickhouse(), ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER)
                .batchingRecordsAsIs()) // as the pipeline's clicks sink
        .name("clickhouse-clicks");

    ThreadCpu threads = new ThreadCpu();
    long submittedMillis = System.currentTimeMillis();
    long submitted = System.nanoTime();
    var job = env.executeAsync("bench-sink-ceiling");
    String clicks = database + ".clicks";
    FlinkJobs.Finished done =
        FlinkJobs.await(
            job,
            submitted,
            progress,
            () -> String.format("%,d rows in clicks", stack.rows(clicks)),
            threads);
    // The job's final checkpoint flushed the sink, so every row is in ClickHouse now.
    long lastLanded = stack.lastLanded(database, "clicks");
    return new Throughput(
            input.events(),
            Duration.ofMillis(lastLanded - submittedMillis),
            done.net(),
            String.format(
                "%,d rows inserted into clicks (not deduplicated)",
                stack.inserted(database, "clicks")),
            threads.top(12))
        .withLedger(LedgerChecks.sinkCeiling(stack, database, input.ledger(), done));
  }
}
