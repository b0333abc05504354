package io.clickpulse.reliability;

import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import io.clickpulse.stack.ZooKeeperServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes every scenario runs on, started once per test JVM: a Kafka broker, a ClickHouse
 * engine with the production accounts of {@code docker/clickhouse/users.xml}, and a standalone
 * Flink cluster (a JobManager and one TaskManager JVM) with the deployable job jar uploaded, highly
 * available through a ZooKeeper server as a production session cluster would be. Secrets reach the
 * jobs as in production: from the environment of the Flink processes.
 *
 * <p>Scenarios restart Kafka and ClickHouse on their ports and kill TaskManagers and the
 * JobManager; the accessors always return the current process. Everything stops when the JVM exits.
 */
final class ReliabilityStack {
  static final String VISITOR_HASH_SECRET = "reliability-visitor-secret-6f1d0c9a";
  static final Map<String, String> CLICKHOUSE_PASSWORDS =
      Map.of(
          "clickpulse_migrator", "migrator-pw-3b7e61",
          "clickpulse_writer", "writer-pw-9c2f48",
          "clickpulse_reader", "reader-pw-d05a13");
  static final String PIPELINE = "io.clickpulse.jobs.ClickPipelineJob";
  static final String DELIVERY = "io.clickpulse.jobs.AlertDeliveryJob";
  static final int SLOTS = 2;

  private static final Logger LOG = LoggerFactory.getLogger(ReliabilityStack.class);
  private static ReliabilityStack instance;

  private final Path dir;
  private KafkaBroker kafka;
  private ClickHouseServer clickhouse;
  private final FlinkCluster flink;
  private String jarId;

  private ReliabilityStack(Path dir) {
    this.dir = dir;
    Engines engines =
        Engines.start(dir, ClickHouseAccounts.writeConfig(dir), clickhouseEnvironment());
    this.kafka = engines.kafka();
    this.clickhouse = engines.clickhouse();
    this.flink =
        FlinkCluster.startHighlyAvailable(
            dir.resolve("flink"),
            1,
            SLOTS,
            Map.of("CLICKPULSE_PRIVACY_VISITOR_HASH_SECRET", VISITOR_HASH_SECRET),
            ZooKeeperServer.start(dir.resolve("zookeeper")));
    this.jarId = flink.uploadJar(jobJar());
  }

  static synchronized ReliabilityStack get() {
    if (instance == null) {
      long start = System.nanoTime();
      instance = new ReliabilityStack(WorkDirs.newRunDir("reliability"));
      LOG.info(
          "Stack up in {} s: Kafka {}, ClickHouse {}, Flink {}",
          (System.nanoTime() - start) / 1_000_000_000,
          instance.kafka.bootstrapServers(),
          instance.clickhouse.httpUrl(),
          instance.flink.restUrl());
    }
    return instance;
  }

  Path dir() {
    return dir;
  }

  synchronized KafkaBroker kafka() {
    return kafka;
  }

  synchronized ClickHouseServer clickhouse() {
    return clickhouse;
  }

  FlinkCluster flink() {
    return flink;
  }

  /** Stops ClickHouse, keeps it down for {@code downtime}, starts it on the same port and data. */
  void restartClickHouse(Duration downtime) {
    ClickHouseServer stopped = clickhouse();
    stopped.close();
    Await.pause(downtime);
    synchronized (this) {
      clickhouse = stopped.startAgain();
    }
  }

  /**
   * Kills the broker (SIGKILL: no controlled shutdown, open transactions stay open), keeps it down
   * for {@code downtime}, and starts it on the same port and log dir.
   */
  void killKafka(Duration downtime) {
    KafkaBroker killed = kafka();
    killed.kill();
    Await.pause(downtime);
    synchronized (this) {
      kafka = killed.startAgain();
    }
  }

  /** Stops the broker (SIGTERM, controlled shutdown) and starts it on the same port and log dir. */
  void restartKafka() {
    KafkaBroker stopped = kafka();
    stopped.terminate();
    synchronized (this) {
      kafka = stopped.startAgain();
    }
  }

  /**
   * Kills the JobManager (SIGKILL) and starts a new one; the running jobs come back from ZooKeeper
   * and their checkpoints. Uploaded jars do not (they live in the old process's upload dir), so the
   * job jar is uploaded again for later submissions.
   */
  synchronized void replaceJobManager() {
    flink.replaceJobManager();
    jarId = flink.uploadJar(jobJar());
  }

  /** Submits a job of the jar over REST and waits until all its tasks run. */
  Job submit(String entryClass, List<String> args) {
    Job job = new Job(flink.run(jarId, entryClass, args, null), flink);
    try {
      flink.awaitRunning(job.id(), Duration.ofMinutes(3));
      return job;
    } catch (RuntimeException e) {
      job.close();
      throw e;
    }
  }

  /** A submitted job; closing cancels it unless it ended, so a failed scenario frees its slots. */
  record Job(String id, FlinkCluster flink) implements AutoCloseable {
    @Override
    public void close() {
      if (List.of("RUNNING", "RESTARTING", "CREATED").contains(flink.jobState(id))) {
        flink.cancel(id);
      }
    }
  }

  /**
   * The click pipeline on {@code scenario}'s topics and database, as deployed in production; {@code
   * extraArgs} ({@code --key value} pairs) add settings or replace these.
   */
  Job submitPipeline(Scenario scenario, String... extraArgs) {
    List<String> defaults =
        new ArrayList<>(
            List.of(
                "--kafka.bootstrap-servers", kafka().bootstrapServers(),
                "--kafka.topic.raw", scenario.rawTopic(),
                "--kafka.topic.dead-letter", scenario.deadLetterTopic(),
                "--kafka.topic.alerts", scenario.alertsTopic(),
                "--kafka.group-id", scenario.name(),
                "--kafka.transactional-id-prefix", scenario.name(),
                "--clickhouse.url", clickhouse().jdbcUrl(scenario.database()),
                "--checkpoint.interval", "2 s",
                // Each stream ends with test clicks that close its last minutes; they wait in the
                // bot patterns until the input is idle, so 15 s instead of 1 min ends each scenario
                // 45 s sooner (and takes the idle path more often, not less).
                "--aggregate.idle-timeout", "15 s",
                "--parallelism", String.valueOf(SLOTS)));
    Map<String, String> settings = new LinkedHashMap<>();
    for (List<String> pairs : List.of(defaults, List.of(extraArgs))) {
      for (int i = 0; i + 1 < pairs.size(); i += 2) {
        settings.put(pairs.get(i), pairs.get(i + 1));
      }
    }
    List<String> args = new ArrayList<>();
    settings.forEach((key, value) -> args.addAll(List.of(key, value)));
    return submit(PIPELINE, args);
  }

  /** Every log file the run wrote so far: Flink JobManager and TaskManagers, Kafka, ClickHouse. */
  List<Path> logFiles() {
    List<Path> logs = new ArrayList<>();
    Path kafkaData = dir.resolve("kafka").resolve("data");
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attributes) {
              return d.equals(kafkaData) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attributes) {
              String name = f.getFileName().toString();
              if (attributes.isRegularFile() && (name.endsWith(".log") || name.endsWith(".out"))) {
                logs.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            // RocksDB's checkpoint and Kafka's segment files come and go while the run goes on.
            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
              return vanished(e);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              return e == null ? FileVisitResult.CONTINUE : vanished(e);
            }

            private FileVisitResult vanished(IOException e) throws IOException {
              if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
              }
              throw e;
            }
          });
      return logs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> clickhouseEnvironment() {
    return Map.of(
        "CLICKPULSE_MIGRATOR_PASSWORD", CLICKHOUSE_PASSWORDS.get("clickpulse_migrator"),
        "CLICKPULSE_WRITER_PASSWORD", CLICKHOUSE_PASSWORDS.get("clickpulse_writer"),
        "CLICKPULSE_READER_PASSWORD", CLICKHOUSE_PASSWORDS.get("clickpulse_reader"));
  }

  private static Path jobJar() {
    try (Stream<Path> files = Files.list(Paths.get("..", "jobs", "target"))) {
      return files
          .filter(f -> f.getFileName().toString().endsWith("-flink.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("build the job jar first: mvn -B verify does"));
    } catch (IOException e) {
      throw new UncheckedIOException("build the job jar first: mvn -B verify does", e);
    }
  }
}
