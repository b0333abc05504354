package io.clickpulse.local;

import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

/**
 * {@code ./clickpulse cluster}: Kafka, ClickHouse and a real standalone Flink session cluster
 * (JobManager and TaskManager JVMs) on loopback, with the pipeline job submitted through Flink's
 * REST API from the deployable jar. Runs until Ctrl-C, then stops everything it started; the data
 * stays in the run directory. Options: {@code --task-managers N} (1), {@code --slots N} (2).
 */
public final class LocalCluster {
  private LocalCluster() {}

  public static void main(String[] args) throws Exception {
    int taskManagers;
    int slots;
    try {
      Settings settings = Settings.load(args, Map.of());
      taskManagers = settings.integer("task-managers", 1, 1, 8);
      slots = settings.integer("slots", 2, 1, 16);
      settings.validate();
    } catch (IllegalArgumentException e) {
      System.err.println("clickpulse cluster: " + e.getMessage());
      System.exit(2); // a usage error: every problem named, no stack trace (cli/cluster.txt)
      return;
    }
    Path dir = WorkDirs.newRunDir("cluster");
    System.setProperty("clickpulse.logFile", dir.resolve("run.log").toString());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
    try (Engines engines = Engines.start(dir);
        FlinkCluster flink = FlinkCluster.start(dir.resolve("flink"), taskManagers, slots)) {
      KafkaBroker kafka = engines.kafka();
      ClickHouseServer clickhouse = engines.clickhouse();
      kafka.createTopics(4, "clicks.raw", "clicks.dlq", "alerts", "alerts.dlq");
      String jar = flink.uploadJar(jobJar());
      String job =
          flink.run(
              jar,
              "io.clickpulse.jobs.ClickPipelineJob",
              List.of(
                  "--kafka.bootstrap-servers", kafka.bootstrapServers(),
                  "--clickhouse.url", clickhouse.jdbcUrl("clickpulse"),
                  "--privacy.visitor-hash-secret", "local-cluster-visitor-secret"),
              null);
      flink.awaitRunning(job, Duration.ofMinutes(2));
      System.out.println("Flink UI and REST:  " + flink.restUrl() + "   (job " + job + ")");
      System.out.println(
          "Kafka:              " + kafka.bootstrapServers() + "   (topic clicks.raw)");
      System.out.println(
          "ClickHouse HTTP:    " + clickhouse.httpUrl() + "   (database clickpulse)");
      System.out.println(
          "Prometheus metrics: "
              + flink.metricsEndpoints().stream().map(Object::toString).toList()
              + "   (JobManager, TaskManagers)");
      System.out.println("Data and logs:      " + dir);
      System.out.println(
          "Send clicks to clicks.raw; stop with a savepoint via POST /jobs/" + job + "/stop.");
      System.out.println("Ctrl-C stops everything.");
      stopped.await();
    }
  }

  static Path jobJar() throws Exception {
    try (Stream<Path> files = Files.list(Paths.get("jobs", "target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-flink.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("No job jar: run mvn package first"));
    }
  }
}
