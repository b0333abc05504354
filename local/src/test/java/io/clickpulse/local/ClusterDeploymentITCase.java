package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.PrometheusText;
import io.clickpulse.stack.WorkDirs;
import io.clickpulse.stack.traffic.ClickTrafficGenerator;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The deployable jar on a real standalone Flink cluster (JobManager and TaskManager JVMs),
 * submitted over REST like a data engineer would, stopped with a savepoint and resumed from it: no
 * click lost, none counted twice. On the way, its Prometheus endpoints account for every record.
 */
@Tag("engines")
class ClusterDeploymentITCase {
  private static final String DATABASE = "deploy";

  @Test
  @Timeout(600)
  void pipelineRunsOnTheClusterAndResumesFromASavepointWithoutLossOrDoubleCount() throws Exception {
    Path dir = WorkDirs.newRunDir("cluster-test");
    try (Engines engines = Engines.start(dir);
        FlinkCluster flink = FlinkCluster.start(dir.resolve("flink"), 1, 2)) {
      KafkaBroker kafka = engines.kafka();
      ClickHouseServer clickhouse = engines.clickhouse();
      kafka.createTopics(2, "clicks.raw", "clicks.dlq", "alerts");
      TrafficLedger first = send(kafka, 1, 3000);
      long expected = first.expectedStored();

      String jar = flink.uploadJar(jobJar());
      List<String> args =
          List.of(
              "--kafka.bootstrap-servers", kafka.bootstrapServers(),
              "--kafka.starting-offsets", "earliest",
              "--clickhouse.url", clickhouse.jdbcUrl(DATABASE),
              "--privacy.visitor-hash-secret", "cluster-test-secret-0123",
              "--checkpoint.interval", "2 s",
              // The traffic's 30 s of event time end with the sends; its clicks wait in the bot
              // patterns until the input is idle: 15 s instead of 1 min, twice, ends the test
              // 90 s sooner.
              "--aggregate.idle-timeout", "15 s",
              "--parallelism", "2");
      String job = flink.run(jar, "io.clickpulse.jobs.ClickPipelineJob", args, null);
      flink.awaitRunning(job, Duration.ofMinutes(2));
      awaitStored(clickhouse, expected);
      assertMetricsReconcile(flink, first);

      String savepoint = flink.stopWithSavepoint(job);
      expected += send(kafka, 2, 3000).expectedStored();
      // Upgraded from the savepoint, and rescaled from parallelism 2 to 1 on the way.
      List<String> rescaled = new java.util.ArrayList<>(args);
      rescaled.set(rescaled.indexOf("--parallelism") + 1, "1");
      String resumed = flink.run(jar, "io.clickpulse.jobs.ClickPipelineJob", rescaled, savepoint);
      flink.awaitRunning(resumed, Duration.ofMinutes(2));
      awaitStored(clickhouse, expected);

      // No loss (FINAL) and no double count even before ClickHouse collapses replays (no FINAL).
      assertEquals(
          expected, count(clickhouse, "SELECT count() FROM " + DATABASE + ".clicks FINAL"));
      assertEquals(expected, count(clickhouse, "SELECT count() FROM " + DATABASE + ".clicks"));
      flink.stopWithSavepoint(resumed);
    }
  }

  /**
   * What Prometheus scrapes from the cluster: the pipeline's counters, summed over subtasks,
   * account for every record sent; the Kafka source reports its lag; the JobManager its
   * checkpoints.
   */
  private static void assertMetricsReconcile(FlinkCluster flink, TrafficLedger sent)
      throws Exception {
    String operator = "flink_taskmanager_job_task_operator_clickpulse_";
    PrometheusText[] metrics = new PrometheusText[1];
    // Every record read is counted once stored, but a scrape may come between two counters.
    await(
        () -> {
          metrics[0] =
              PrometheusText.parse(flink.metricsEndpoints().stream().map(flink::scrape).toList());
          return metrics[0].sum(operator + "received").orElse(0) == sent.total()
              && metrics[0].sum(operator + "duplicates").orElse(0) == sent.expectedDuplicates();
        },
        Duration.ofMinutes(1),
        "the received and duplicates counters to reach " + sent);
    PrometheusText m = metrics[0];
    double rejected =
        m.names().stream()
            .filter(name -> name.startsWith(operator + "rejected_"))
            .mapToDouble(name -> m.sum(name).orElseThrow())
            .sum();
    assertEquals(sent.expectedRejected(), rejected, "rejected_* counters: " + m.names());
    assertEquals(sent.expectedStored(), m.sum(operator + "accepted").orElse(-1), "accepted");
    assertTrue(
        m.sum("flink_taskmanager_job_task_operator_pendingRecords").isPresent(),
        "the Kafka source's lag (pendingRecords): " + m.names());
    assertTrue(
        m.sum("flink_jobmanager_job_numberOfCompletedCheckpoints").orElse(0) > 0,
        "the JobManager's checkpoint count: " + m.names());

    // The pipeline-health rules of docker/ and k8s watch only metrics the cluster serves.
    String rules =
        PrometheusText.ruleGroup(
            Files.readString(Paths.get("..", "docker", "prometheus", "clickpulse-rules.yml")),
            "clickpulse-pipeline");
    assertEquals(
        List.of(), m.unserved(rules), "metrics the pipeline rules watch that nothing serves");
    assertTrue(PrometheusText.mentioned(rules) >= 5, rules);
  }

  private static TrafficLedger send(KafkaBroker kafka, long seed, int events) {
    var generator =
        new ClickTrafficGenerator(new ClickTrafficGenerator.Options(seed, 0.05, 0.01, 0.02));
    try (var producer = new TrafficProducer(kafka.bootstrapServers(), "clicks.raw")) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < events; i++) {
        producer.send(generator.next(now - i % 30_000));
      }
      return producer.flush();
    }
  }

  private static void awaitStored(ClickHouseServer clickhouse, long expected) {
    await(
        () -> {
          try {
            return count(clickhouse, "SELECT count() FROM " + DATABASE + ".clicks FINAL")
                >= expected;
          } catch (IllegalStateException tableNotThereYet) {
            return false;
          }
        },
        Duration.ofMinutes(3),
        "ClickHouse to hold " + expected + " clicks");
  }

  private static long count(ClickHouseServer clickhouse, String sql) {
    return Long.parseLong(clickhouse.query(sql).strip());
  }

  private static void await(BooleanSupplier condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      LockSupport.parkNanos(Duration.ofMillis(250).toNanos());
    }
  }

  private static Path jobJar() throws Exception {
    try (Stream<Path> files = Files.list(Paths.get("..", "jobs", "target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-flink.jar"))
          .findFirst()
          .orElseThrow(
              () ->
                  new AssertionError(
                      "build the job jar first: mvn package (./clickpulse test does)"));
    }
  }
}
