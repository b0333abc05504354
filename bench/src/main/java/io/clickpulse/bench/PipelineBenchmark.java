package io.clickpulse.bench;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.metrics.Counters;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * ClickPulse itself: the full {@link ClickPipelineJob} (validate, deduplicate, enrich, minute
 * windows, alert rules, every ClickHouse and Kafka sink) reading the input once, bounded, as {@code
 * ./clickpulse run} does.
 */
final class PipelineBenchmark {
  static final String DATABASE = "clickpulse";
  static final String SECRET = "bench-visitor-hash-secret";

  /** The tables whose rows the generator's ledger predicts; their last row ends the run. */
  static final String[] TABLES = {
    "clicks", "clicks_minute", "late_clicks", "dead_letters", "duplicate_clicks"
  };

  private static final int TOP_THREADS = 12;
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

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
            config.clickhouse().url(), config.clickhouse().user(), config.clickhouse().password())
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
    values.put("checkpoint.dir", stack.dir.resolve("checkpoints").toUri().toString());
    values.putAll(overrides);
    return ClickPipelineConfig.from(values);
  }

  static Throughput run(BenchStack stack, BenchInput input, BenchOptions options, Progress progress)
      throws Exception {
    return run(stack, input, options, DATABASE, "bench-pipeline", "ClickPulse pipeline", progress);
  }

  /**
   * The pipeline on {@code input}, writing to its own {@code database} and Kafka topics and group
   * named after {@code name}; its ledger checks are reported under {@code system}.
   */
  static Throughput run(
      BenchStack stack,
      BenchInput input,
      BenchOptions options,
      String database,
      String name,
      String system,
      Progress progress)
      throws Exception {
    Map<String, String> overrides = new HashMap<>();
    overrides.put("kafka.topic.raw", input.topic());
    overrides.put("kafka.bounded", "true");
    overrides.put("clickhouse.url", stack.clickhouse.jdbcUrl(database));
    overrides.put("parallelism", Integer.toString(options.parallelism()));
    if (options.pipelineRules() != null) {
      overrides.put("alerts.rules-file", options.pipelineRules().toString());
    }
    overrides.putAll(options.pipelineSettings());
    ClickPipelineConfig config = config(stack, name, options.checkpointInterval(), overrides);
    stack.stampLanding(database, TABLES);
    StreamExecutionEnvironment env = stack.flink.environment();
    JobEnvironment.configure(env, config);
    if (!options.pipelineConf().isEmpty()) {
      env.configure(Configuration.fromMap(options.pipelineConf()));
    }
    new ClickPipelineJob(config)
        .build(env, ClickPipelineJob.source(config), ClickPipelineSinks.of(config));

    ThreadCpu threads = new ThreadCpu();
    long submittedMillis = System.currentTimeMillis();
    long submitted = System.nanoTime();
    JobClient job = env.executeAsync(name);
    var result = job.getJobExecutionResult();
    CheckpointStates states =
        new CheckpointStates(stack.flink.restUrl(), job.getJobID().toString());
    RowsVisible rows = new RowsVisible(stack, config, input);
    Long visible = null;
    long nextProgress = submitted + PROGRESS_EVERY.toNanos();
    boolean cancelled = false;
    while (!result.isDone()) {
      threads.sample();
      states.poll();
      long now = System.nanoTime();
      if (visible == null && rows.allThere()) {
        visible = stack.lastLanded(database, TABLES) - submittedMillis;
        progress.step(
            "  every row in ClickHouse after %.1f s; the job is still finishing", visible / 1e3);
      } else if (visible != null
          && now - submitted - visible * 1_000_000 > options.tailLimit().toNanos()) {
        progress.step(
            "  cancelling: still running %s after every row was visible", options.tailLimit());
        job.cancel().get();
        cancelled = true;
        break;
      }
      if (now > nextProgress) {
        progress.step("  running %.0f s; %s", (now - submitted) / 1e9, rows.status());
        nextProgress = now + PROGRESS_EVERY.toNanos();
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    if (cancelled) {
      return new Throughput(
              input.events(),
              Duration.ofMillis(visible),
              null,
              String.format(
                  "every row visible (%s); the job was cancelled %s later, still working"
                      + " (net runtime unknown)",
                  rows.status(), options.tailLimit()),
              threads.top(TOP_THREADS))
          .withLedger(LedgerChecks.pipeline(stack, system, database, input.ledger(), null))
          .withJob(states.facts(Map.of()));
    }
    JobExecutionResult finished;
    try {
      finished = result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("The pipeline job failed", e.getCause());
    }
    states.poll();
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (visible == null) {
      if (rows.allThere()) {
        visible = stack.lastLanded(database, TABLES) - submittedMillis;
      } else if (System.nanoTime() > deadline) {
        throw new IllegalStateException("After the job ended, ClickHouse has " + rows.status());
      } else {
        LockSupport.parkNanos(POLL.toNanos());
      }
    }
    FlinkJobs.Finished done =
        new FlinkJobs.Finished(finished, Duration.ofNanos(System.nanoTime() - submitted));
    return new Throughput(
            input.events(),
            Duration.ofMillis(visible),
            done.net(),
            String.format(
                "%,d read, %,d accepted, %,d duplicates; %s",
                done.counter(Counters.RECEIVED),
                done.counter(Counters.ACCEPTED),
                done.counter(Counters.DUPLICATES),
                rows.status()),
            threads.top(TOP_THREADS))
        .withLedger(LedgerChecks.pipeline(stack, system, database, input.ledger(), done))
        .withJob(states.facts(finished.getAllAccumulatorResults()));
  }
}
