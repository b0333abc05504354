package io.clickpulse.jobs.testing;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.pipeline.ParsedRecord;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The production pipeline, bounded, on the test MiniCluster and the shared real engines. Topics are
 * {@code topic}, {@code topic_dlq} and {@code topic_alerts}; {@code run} names one run's consumer
 * group and transactions, so the same input can be run twice.
 */
public final class PipelineRun {
  private PipelineRun() {}

  public static ClickPipelineConfig config(
      KafkaBroker kafka,
      ClickHouseServer clickhouse,
      String topic,
      String database,
      String run,
      int parallelism) {
    return config(kafka, clickhouse, topic, database, run, parallelism, Map.of());
  }

  /** As above, with {@code extra} settings added (a stage's topic, rules) or replacing these. */
  public static ClickPipelineConfig config(
      KafkaBroker kafka,
      ClickHouseServer clickhouse,
      String topic,
      String database,
      String run,
      int parallelism,
      Map<String, String> extra) {
    Map<String, String> values =
        new HashMap<>(
            Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("kafka.topic.raw", topic),
                Map.entry("kafka.topic.dead-letter", topic + "_dlq"),
                Map.entry("kafka.topic.alerts", topic + "_alerts"),
                Map.entry("kafka.group-id", database + "_" + run),
                Map.entry("kafka.transactional-id-prefix", database + "_" + run),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("kafka.bounded", "true"),
                Map.entry("clickhouse.url", clickhouse.jdbcUrl(database)),
                Map.entry("privacy.visitor-hash-secret", "test-secret-0123456789"),
                Map.entry("checkpoint.interval", "1 s"),
                Map.entry("checkpoint.dir", WorkDirs.newRunDir("checkpoints").toUri().toString()),
                Map.entry("parallelism", String.valueOf(parallelism))));
    values.putAll(extra);
    return ClickPipelineConfig.from(values);
  }

  /** Applies the migrations, runs the job to the end of its input, returns its result. */
  public static JobExecutionResult run(ClickPipelineConfig config) throws Exception {
    return execute(start(config, ClickPipelineJob.source(config)));
  }

  /** Applies the migrations and starts the job on {@code source}; it runs while the caller acts. */
  public static JobClient start(ClickPipelineConfig config, Source<ParsedRecord, ?, ?> source)
      throws Exception {
    new ClickHouseMigrations(
            config.clickhouse().url(), config.clickhouse().user(), config.clickhouse().password())
        .apply();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config).build(env, source, ClickPipelineSinks.of(config));
    return env.executeAsync("clickpulse-pipeline-test");
  }

  /** Waits for a started job to reach the end of its bounded input. */
  public static JobExecutionResult execute(JobClient job) throws Exception {
    return job.getJobExecutionResult().get(10, TimeUnit.MINUTES);
  }

  /** A counter's final value (0 when never incremented). */
  public static long counter(JobExecutionResult result, String name) {
    Object value = result.getAllAccumulatorResults().get(name);
    return value == null ? 0 : ((Number) value).longValue();
  }
}
