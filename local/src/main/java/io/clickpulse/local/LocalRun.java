package io.clickpulse.local;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.config.Settings;
import io.clickpulse.jobs.pipeline.Counters;
import io.clickpulse.jobs.pipeline.KafkaConnectors;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import io.clickpulse.stack.traffic.ClickTrafficGenerator;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import io.clickpulse.udf.event.RejectReason;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code ./clickpulse run}: the pipeline on the embedded engines. Starts a Kafka broker and a
 * ClickHouse engine, sends generated traffic (with planted duplicates, conflicts and malformed
 * records), runs the pipeline job on a local Flink MiniCluster until it has read everything, and
 * prints what happened, reconciled.
 *
 * <p>Options: {@code --events N} (default 20000), {@code --seed S} (default 42).
 */
public final class LocalRun {
  private static final String DATABASE = "clickpulse";
  private static final String SECRET = "local-run-visitor-hash-secret";

  private final Path runDir;
  private final long startNanos = System.nanoTime();

  private LocalRun(Path runDir) {
    this.runDir = runDir;
  }

  public static void main(String[] args) throws Exception {
    Settings settings = Settings.load(args, Map.of());
    int events = settings.integer("events", 20_000, 1, 10_000_000);
    long seed = settings.integer("seed", 42, 0, Integer.MAX_VALUE);
    settings.validate();

    Path runDir =
        WorkDirs.createDirectories(
            WorkDirs.workDir()
                .resolve(
                    "run-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    System.setProperty("clickpulse.logFile", runDir.resolve("run.log").toString());
    new LocalRun(runDir).run(events, seed);
  }

  private void run(int events, long seed) throws Exception {
    step("Run directory " + runDir);
    step("Starting Kafka (KRaft) and ClickHouse on 127.0.0.1 ...");
    try (KafkaBroker kafka = KafkaBroker.start(runDir.resolve("kafka"));
        ClickHouseServer clickhouse = ClickHouseServer.start(runDir.resolve("clickhouse"))) {
      step(
          "Kafka at "
              + kafka.bootstrapServers()
              + " (pid "
              + kafka.pid()
              + "), ClickHouse at "
              + clickhouse.httpUrl()
              + " (pid "
              + clickhouse.pid()
              + ")");

      ClickPipelineConfig config =
          ClickPipelineConfig.from(
              Map.of(
                  "kafka.bootstrap-servers", kafka.bootstrapServers(),
                  "kafka.starting-offsets", "earliest",
                  "kafka.bounded", "true",
                  "clickhouse.url", clickhouse.jdbcUrl(DATABASE),
                  "privacy.visitor-hash-secret", SECRET,
                  "checkpoint.interval", "2 s",
                  "parallelism", "2"));
      kafka.createTopics(2, config.rawTopic(), config.deadLetterTopic(), config.alertsTopic());
      new ClickHouseMigrations(
              config.clickhouseUrl(), config.clickhouseUser(), config.clickhousePassword())
          .apply();
      step(
          "Topics "
              + config.rawTopic()
              + ", "
              + config.deadLetterTopic()
              + " created; ClickHouse migrations applied");

      // Whole hours around the traffic, for the reconciliation check.
      Instant trafficStart = Instant.now().minusSeconds(120).truncatedTo(ChronoUnit.HOURS);
      TrafficLedger ledger = sendTraffic(kafka, config.rawTopic(), events, seed);
      step("Traffic: " + ledger);

      step("Running the pipeline on a local Flink MiniCluster (parallelism 2) ...");
      JobExecutionResult result = runPipeline(config);
      step("Pipeline finished in " + result.getNetRuntime() / 1000.0 + " s");

      new RunReport(
              config,
              ledger,
              result,
              clickhouse,
              trafficStart,
              Instant.now().truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS))
          .print(System.out);
      step("Stopping Kafka and ClickHouse; their data stays in " + runDir);
    }
  }

  private TrafficLedger sendTraffic(KafkaBroker kafka, String topic, int events, long seed) {
    var generator =
        new ClickTrafficGenerator(new ClickTrafficGenerator.Options(seed, 0.05, 0.01, 0.02));
    Random jitter = new Random(seed);
    try (TrafficProducer producer = new TrafficProducer(kafka.bootstrapServers(), topic)) {
      long now = System.currentTimeMillis();
      for (int i = 1; i <= events; i++) {
        producer.send(generator.next(now - jitter.nextInt(60_000)));
        if (i % 50_000 == 0) {
          step("  generated " + i + " / " + events);
        }
      }
      return producer.flush();
    }
  }

  private static JobExecutionResult runPipeline(ClickPipelineConfig config) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(conf);
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, KafkaConnectors.rawClicks(config), ClickPipelineSinks.of(config));
    return env.execute("clickpulse-pipeline (local)");
  }

  private void step(String message) {
    System.out.printf("[%6.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, message);
  }

  static long counter(JobExecutionResult result, String name) {
    Object value = result.getAllAccumulatorResults().get(name);
    return value == null ? 0 : ((Number) value).longValue();
  }

  static String rejectedCounter(RejectReason reason) {
    return Counters.rejected(reason);
  }
}
