package io.clickpulse.bench;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.pipeline.Counters;
import io.clickpulse.jobs.pipeline.KafkaConnectors;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * ClickPulse itself: the full {@link ClickPipelineJob} (validate, deduplicate, enrich, minute
 * windows, alert rules, every ClickHouse and Kafka sink) reading the input once, bounded, as {@code
 * ./clickpulse run} does.
 */
final class PipelineBenchmark {
  static final String DATABASE = "clickpulse";
  static final String SECRET = "bench-visitor-hash-secret";

  private PipelineBenchmark() {}

  /**
   * The pipeline's configuration for the benchmark, its topics created and migrations applied;
   * {@code overrides} win.
   */
  static ClickPipelineConfig config(
      BenchStack stack, String name, Duration checkpointInterval, Map<String, String> overrides) {
    ClickPipelineConfig config = settings(stack, name, checkpointInterval, overrides);
    stack.kafka.createTopics(
        BenchInput.PARTITIONS, config.rawTopic(), config.deadLetterTopic(), config.alertsTopic());
    new ClickHouseMigrations(
            config.clickhouseUrl(), config.clickhouseUser(), config.clickhousePassword())
        .apply();
    return config;
  }

  /** The pipeline's configuration for the benchmark, without side effects. */
  static ClickPipelineConfig settings(
      BenchStack stack, String name, Duration checkpointInterval, Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", stack.kafka.bootstrapServers());
    values.put("kafka.topic.dead-letter", name + ".dlq");
    values.put("kafka.topic.alerts", name + ".alerts");
    values.put("kafka.group-id", name);
    values.put("kafka.transactional-id-prefix", name);
    values.put("kafka.starting-offsets", "earliest");
    values.put("privacy.visitor-hash-secret", SECRET);
    values.put("checkpoint.interval", checkpointInterval.toMillis() + " ms");
    values.putAll(overrides);
    return ClickPipelineConfig.from(values);
  }

  static Throughput run(BenchStack stack, BenchInput input, BenchOptions options, Progress progress)
      throws Exception {
    ClickPipelineConfig config =
        config(
            stack,
            "bench-pipeline",
            options.checkpointInterval(),
            Map.of(
                "kafka.topic.raw", input.topic(),
                "kafka.bounded", "true",
                "clickhouse.url", stack.clickhouse.jdbcUrl(DATABASE),
                "parallelism", Integer.toString(options.parallelism())));
    StreamExecutionEnvironment env = stack.flink.environment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, KafkaConnectors.rawClicks(config), ClickPipelineSinks.of(config));

    long submitted = System.nanoTime();
    var job = env.executeAsync("bench-clickpulse-pipeline");
    String clicks = DATABASE + ".clicks";
    FlinkJobs.Finished done =
        FlinkJobs.await(
            job,
            submitted,
            progress,
            () -> String.format("%,d rows in clicks", stack.rows(clicks)));
    long expected = input.ledger().expectedStored();
    long visible = stack.awaitRows(clicks, expected, Duration.ofMinutes(2));

    long received = done.counter(Counters.RECEIVED);
    long accepted = done.counter(Counters.ACCEPTED);
    if (received != input.events() || accepted != expected) {
      throw new IllegalStateException(
          String.format(
              "The pipeline read %d of %d records and accepted %d of %d expected",
              received, input.events(), accepted, expected));
    }
    return new Throughput(
        input.events(),
        Duration.ofNanos(visible - submitted),
        done.net(),
        String.format(
            "%,d accepted, %,d duplicates, %,d rows in clicks, %,d in clicks_minute",
            accepted,
            done.counter(Counters.DUPLICATES),
            stack.rows(clicks),
            stack.rows(DATABASE + ".clicks_minute")));
  }
}
