package io.clickpulse.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A real standalone Flink session cluster from Maven jars: one JobManager and TaskManagers, each in
 * its own JVM, on loopback ports, driven through the REST API as a data engineer would: upload a
 * jar, run it (optionally from a savepoint), stop it with a savepoint.
 */
public final class FlinkCluster implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "flink-cluster.classpath";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What Flink's own config.yaml passes to every JVM on Java 17 (env.java.opts.all). */
  private static final List<String> JDK_OPENS =
      Stream.concat(
              Stream.of(
                      "java.base/sun.net.util",
                      "java.rmi/sun.rmi.registry",
                      "java.security.jgss/sun.security.krb5")
                  .map(p -> "--add-exports=" + p + "=ALL-UNNAMED"),
              Stream.of(
                      "java.lang",
                      "java.net",
                      "java.io",
                      "java.nio",
                      "sun.nio.ch",
                      "java.lang.reflect",
                      "java.text",
                      "java.time",
                      "java.util",
                      "java.util.concurrent",
                      "java.util.concurrent.atomic",
                      "java.util.concurrent.locks")
                  .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED"))
          .toList();

  private final Path dir;
  private final String classpath;
  private final int restPort;
  private final Map<String, String> environment;
  private ManagedProcess jobManager;
  private int jobManagers;
  private final List<ManagedProcess> taskManagers = new ArrayList<>();
  private int jobManagerMetricsPort;
  private final List<Integer> taskManagerMetricsPorts = new ArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FlinkCluster(Path dir, String classpath, int restPort, Map<String, String> environment) {
    this.dir = dir;
    this.classpath = classpath;
    this.restPort = restPort;
    this.environment = environment;
  }

  /** Starts a JobManager and {@code taskManagers} TaskManagers with {@code slots} slots each. */
  public static FlinkCluster start(Path dir, int taskManagers, int slots) {
    return start(dir, taskManagers, slots, Map.of());
  }

  /**
   * As above, with {@code environment} added to every JobManager and TaskManager process: where the
   * jobs' secrets come from in production (CLICKPULSE_PRIVACY_VISITOR_HASH_SECRET, ...).
   */
  public static FlinkCluster start(
      Path dir, int taskManagers, int slots, Map<String, String> environment) {
    return start(dir, taskManagers, slots, environment, null);
  }

  /**
   * As above, with JobManager high availability in {@code zooKeeper} (leader, job graphs and
   * checkpoint pointers; the rest under {@code dir/ha}): a JobManager killed and replaced with
   * {@link #replaceJobManager()} takes the running jobs over from their latest checkpoint.
   */
  public static FlinkCluster startHighlyAvailable(
      Path dir,
      int taskManagers,
      int slots,
      Map<String, String> environment,
      ZooKeeperServer zooKeeper) {
    return start(dir, taskManagers, slots, environment, zooKeeper);
  }

  private static FlinkCluster start(
      Path dir,
      int taskManagers,
      int slots,
      Map<String, String> environment,
      ZooKeeperServer zooKeeper) {
    WorkDirs.createDirectories(dir);
    // The Flink jars, and this module's classes for the loopback metrics reporter.
    String classpath =
        ClasspathResource.read(FlinkCluster.class, CLASSPATH_RESOURCE)
            + File.pathSeparator
            + codeLocation();
    int restPort = Ports.freeLoopbackPort();
    writeConfig(dir, restPort, slots, zooKeeper);
    FlinkCluster cluster = new FlinkCluster(dir, classpath, restPort, Map.copyOf(environment));
    try {
      cluster.startJobManager();
      for (int i = 0; i < taskManagers; i++) {
        cluster.addTaskManager();
      }
      cluster.awaitSlots(taskManagers * slots);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Kills the JobManager (SIGKILL) and starts a fresh one with the same configuration and REST
   * port. Only a cluster started {@link #startHighlyAvailable highly available} keeps its jobs.
   */
  public void replaceJobManager() {
    jobManager.kill();
    startJobManager();
  }

  private void startJobManager() {
    jobManagerMetricsPort = Ports.freeLoopbackPort();
    jobManager =
        ManagedProcess.start(
            "flink-jobmanager",
            java(
                dir.resolve("conf"),
                classpath,
                "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                dir,
                jobManagerMetricsPort),
            dir,
            dir.resolve(
                jobManagers++ == 0 ? "jobmanager.out" : "jobmanager-" + jobManagers + ".out"),
            environment);
    jobManager.awaitReady(() -> get("/overview") != null, Duration.ofSeconds(90));
  }

  /** Starts one more TaskManager (for example after one was killed). */
  public void addTaskManager() {
    int n = taskManagers.size();
    Path conf = dir.resolve("conf");
    int metricsPort = Ports.freeLoopbackPort();
    taskManagerMetricsPorts.add(metricsPort);
    taskManagers.add(
        ManagedProcess.start(
            "flink-taskmanager-" + n,
            java(
                conf,
                classpath,
                "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                dir,
                metricsPort),
            dir,
            dir.resolve("taskmanager-" + n + ".out"),
            environment));
  }

  public void awaitSlots(int slots) {
    jobManager.awaitReady(
        () -> {
          JsonNode overview = get("/overview");
          return overview != null && overview.path("slots-total").asInt() >= slots;
        },
        Duration.ofSeconds(90));
  }

  public String restUrl() {
    return "http://127.0.0.1:" + restPort;
  }

  public List<ManagedProcess> taskManagers() {
    return taskManagers;
  }

  /**
   * The Prometheus endpoints (text exposition format) of the JobManager and of every TaskManager
   * started so far, in that order: what a Prometheus server would scrape.
   */
  public List<URI> metricsEndpoints() {
    List<URI> endpoints = new ArrayList<>();
    endpoints.add(metricsEndpoint(jobManagerMetricsPort));
    taskManagerMetricsPorts.forEach(port -> endpoints.add(metricsEndpoint(port)));
    return endpoints;
  }

  /** The text a TaskManager's or the JobManager's endpoint serves now, "" while it is down. */
  public String scrape(URI endpoint) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? r.body() : "";
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "";
    }
  }

  private static URI metricsEndpoint(int port) {
    return URI.create("http://127.0.0.1:" + port + "/metrics");
  }

  /** Uploads a job jar; returns its id on the cluster. */
  public String uploadJar(Path jar) {
    String boundary = UUID.randomUUID().toString();
    try {
      byte[] head =
          ("--"
                  + boundary
                  + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                  + jar.getFileName()
                  + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8);
      byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(restUrl() + "/jars/upload"))
              .header("Content-Type", "multipart/form-data; boundary=" + boundary)
              .POST(
                  HttpRequest.BodyPublishers.concat(
                      HttpRequest.BodyPublishers.ofByteArray(head),
                      HttpRequest.BodyPublishers.ofFile(jar),
                      HttpRequest.BodyPublishers.ofByteArray(tail)))
              .build();
      JsonNode response = send(request);
      String filename = response.get("filename").asText();
      return filename.substring(filename.lastIndexOf('/') + 1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs an uploaded jar; {@code savepoint} may be null. Returns the job id. */
  public String run(String jarId, String entryClass, List<String> args, String savepoint) {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("entryClass", entryClass);
    body.put("programArgsList", args);
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
    }
    return post("/jars/" + jarId + "/run", body).get("jobid").asText();
  }

  /** The job's state: RUNNING, FINISHED, FAILED, ... */
  public String jobState(String jobId) {
    JsonNode job = get("/jobs/" + jobId);
    return job == null ? "UNKNOWN" : job.path("state").asText();
  }

  /** Waits until every task of the job runs (the REST job state says RUNNING earlier). */
  public void awaitRunning(String jobId, Duration timeout) {
    jobManager.awaitReady(
        () -> {
          JsonNode job = get("/jobs/" + jobId);
          if (job == null || !"RUNNING".equals(job.path("state").asText())) {
            return false;
          }
          for (JsonNode vertex : job.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
              return false;
            }
          }
          return true;
        },
        timeout);
  }

  /** Stops the job with a savepoint; returns the savepoint's path. */
  public String stopWithSavepoint(String jobId) {
    return stopWithSavepoint(jobId, false);
  }

  /**
   * Stops the job with a savepoint; with {@code drain}, first advances event time to the end so
   * that every window fires and the sinks flush (for an input that has ended, not for an upgrade).
   */
  public String stopWithSavepoint(String jobId, boolean drain) {
    Map<String, Object> body =
        Map.of("drain", drain, "targetDirectory", dir.resolve("savepoints").toUri().toString());
    String trigger = post("/jobs/" + jobId + "/stop", body).get("request-id").asText();
    String[] location = new String[1];
    jobManager.awaitReady(
        () -> {
          JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
          if (status == null || !"COMPLETED".equals(status.path("status").path("id").asText())) {
            return false;
          }
          JsonNode operation = status.path("operation");
          if (operation.has("failure-cause")) {
            throw new IllegalStateException("Savepoint failed: " + operation.get("failure-cause"));
          }
          location[0] = operation.path("location").asText();
          return true;
        },
        Duration.ofMinutes(2));
    return location[0];
  }

  /**
   * How often the job has failed over so far: the entries of its exception history (the REST
   * numRestarts metric lags, it is fetched from the JobManager every few seconds).
   */
  public long restarts(String jobId) {
    return failures(jobId).size();
  }

  /** The root causes of the job's failures so far, newest first, as Flink reports them. */
  public List<String> failures(String jobId) {
    JsonNode exceptions = get("/jobs/" + jobId + "/exceptions");
    if (exceptions == null) {
      throw new IllegalStateException("No exception history for job " + jobId);
    }
    JsonNode history = exceptions.path("exceptionHistory");
    List<String> causes = new ArrayList<>();
    for (JsonNode entry : history.path("entries")) {
      causes.add(entry.path("exceptionName").asText() + ": " + entry.path("stacktrace").asText());
    }
    return causes;
  }

  /** The id of the job's latest completed checkpoint, -1 before the first. */
  public long latestCheckpoint(String jobId) {
    return latestCompletedCheckpoint(jobId, "id");
  }

  /**
   * When the job's latest completed checkpoint got its last acknowledgement (epoch millis), -1
   * before the first; its Kafka transactions are committed moments after.
   */
  public long latestCheckpointCompletedAt(String jobId) {
    return latestCompletedCheckpoint(jobId, "latest_ack_timestamp");
  }

  private long latestCompletedCheckpoint(String jobId, String field) {
    JsonNode checkpoints = get("/jobs/" + jobId + "/checkpoints");
    JsonNode completed = checkpoints == null ? null : checkpoints.path("latest").path("completed");
    return completed == null || completed.isNull() || completed.isMissingNode()
        ? -1
        : completed.path(field).asLong();
  }

  /** Cancels the job and waits until it is gone. */
  public void cancel(String jobId) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(restUrl() + "/jobs/" + jobId + "?mode=cancel"))
                  .method("PATCH", HttpRequest.BodyPublishers.noBody())
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException("Flink refused to cancel " + jobId + ": " + r.body());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    jobManager.awaitReady(
        () -> List.of("CANCELED", "FAILED", "FINISHED").contains(jobState(jobId)),
        Duration.ofMinutes(1));
  }

  /** The directory holding this cluster's files, logs included. */
  public Path dir() {
    return dir;
  }

  private JsonNode get(String path) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(restUrl() + path))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private JsonNode post(String path, Object body) {
    try {
      return send(
          HttpRequest.newBuilder(URI.create(restUrl() + path))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
              .build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode send(HttpRequest request) {
    try {
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            "Flink REST "
                + request.uri().getPath()
                + " answered "
                + r.statusCode()
                + ": "
                + r.body()
                + "\nJobManager log: "
                + dir.resolve("log"));
      }
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    taskManagers.forEach(ManagedProcess::close);
    jobManager.close();
  }

  private static Path writeConfig(Path dir, int restPort, int slots, ZooKeeperServer zooKeeper) {
    Path conf = WorkDirs.createDirectories(dir.resolve("conf"));
    String yaml =
        String.join(
            "\n",
            "jobmanager.rpc.address: 127.0.0.1",
            "jobmanager.rpc.port: " + Ports.freeLoopbackPort(),
            "jobmanager.bind-host: 127.0.0.1",
            "rest.address: 127.0.0.1",
            "rest.bind-address: 127.0.0.1",
            "rest.port: " + restPort,
            "blob.server.port: " + Ports.freeLoopbackPort(),
            "taskmanager.host: 127.0.0.1",
            "taskmanager.bind-host: 127.0.0.1",
            "taskmanager.rpc.port: 0",
            "taskmanager.data.port: 0",
            "metrics.internal.query-service.port: 0",
            // As in docker/ and k8s: every process serves its metrics to Prometheus; the port is
            // each process's own (a dynamic property at start), picked free like the others.
            "metrics.reporter.prom.factory.class: "
                + LoopbackPrometheusReporter.Factory.class.getName(),
            "taskmanager.numberOfTaskSlots: " + slots,
            // Every REST submission runs the job's main() in the JobManager with its own class
            // loader: 128m of metaspace ran out after a handful of submissions.
            "jobmanager.memory.process.size: 1024m",
            "jobmanager.memory.jvm-metaspace.size: 384m",
            // The pipeline's live heap is about 370 MB per TaskManager of two slots (the user-agent
            // analyzer, clicks and minutes waiting for the watermark); the 538 MB heap of a 1600m
            // process left G1 collecting back to back at a quarter of the speed
            // (docs/deployment.md).
            "taskmanager.memory.task.heap.size: 1024m",
            "taskmanager.memory.jvm-metaspace.size: 384m",
            // Checkpoint statistics as fresh as half a second (3 s by default): the reliability
            // scenarios time their disturbances by the latest completed checkpoint.
            "rest.cache.checkpoint-statistics.timeout: 500 ms",
            // Every failure of a job, for failures() and restarts().
            "web.exception-history-size: 1000",
            "taskmanager.memory.managed.size: 256m",
            "io.tmp.dirs: " + WorkDirs.createDirectories(dir.resolve("tmp")),
            "web.upload.dir: " + WorkDirs.createDirectories(dir.resolve("uploads")),
            "state.backend.type: rocksdb",
            "execution.checkpointing.incremental: true",
            "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
            "execution.checkpointing.savepoint-dir: " + dir.resolve("savepoints").toUri(),
            "heartbeat.interval: 2000",
            "heartbeat.timeout: 10000",
            // As in docker/: back off while a dependency (ClickHouse, Kafka) is down, never give
            // up;
            // capped at 10 s so that a job catches up soon after the dependency is back.
            "restart-strategy.type: exponential-delay",
            "restart-strategy.exponential-delay.initial-backoff: 1 s",
            "restart-strategy.exponential-delay.max-backoff: 10 s",
            "restart-strategy.exponential-delay.backoff-multiplier: 2.0",
            "restart-strategy.exponential-delay.reset-backoff-threshold: 1 min",
            highAvailability(dir, zooKeeper),
            "");
    try {
      Files.writeString(conf.resolve("config.yaml"), yaml);
      Files.writeString(
          conf.resolve("log4j.properties"),
          String.join(
              "\n",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.file.ref = file",
              "appender.file.type = File",
              "appender.file.name = file",
              "appender.file.fileName = ${sys:log.file}",
              "appender.file.layout.type = PatternLayout",
              "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return conf;
  }

  private static String highAvailability(Path dir, ZooKeeperServer zooKeeper) {
    if (zooKeeper == null) {
      return "";
    }
    return String.join(
        "\n",
        "high-availability.type: zookeeper",
        "high-availability.zookeeper.quorum: " + zooKeeper.connectString(),
        "high-availability.storageDir: " + dir.resolve("ha").toUri(),
        // One ZooKeeper may serve several clusters (parallel runs): each its own root.
        "high-availability.cluster-id: /" + dir.getFileName() + "-" + UUID.randomUUID(),
        // A replaced JobManager finds the TaskManagers again within seconds, not minutes.
        "high-availability.zookeeper.client.session-timeout: 10000");
  }

  private static String codeLocation() {
    try {
      return Paths.get(
              FlinkCluster.class.getProtectionDomain().getCodeSource().getLocation().toURI())
          .toString();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JVM command for an entry point, sized as Flink's scripts size it (BashJavaUtils). */
  private static List<String> java(
      Path conf,
      String classpath,
      String resourceParams,
      String mainClass,
      Path dir,
      int metricsPort) {
    String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    List<String> probe =
        List.of(
            javaBin,
            "-cp",
            classpath,
            "org.apache.flink.runtime.util.bash.BashJavaUtils",
            resourceParams,
            "--configDir",
            conf.toString());
    Path probeLog = dir.resolve(resourceParams.toLowerCase() + ".out");
    ManagedProcess.run("flink-resource-params", probe, dir, probeLog, Duration.ofMinutes(1));
    List<String> results;
    try {
      results =
          Files.readAllLines(probeLog).stream()
              .filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
              .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()))
              .toList();
      Files.delete(probeLog);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (results.size() < 2) {
      throw new IllegalStateException(
          "Flink could not size the " + mainClass + " JVM; see " + probeLog);
    }
    String role =
        mainClass.endsWith("TaskManagerRunner")
            ? "taskmanager-" + UUID.randomUUID().toString().substring(0, 4)
            : "jobmanager";
    List<String> command = new ArrayList<>();
    command.add(javaBin);
    command.addAll(List.of(results.get(0).trim().split("\\s+")));
    command.addAll(JDK_OPENS);
    command.add("-Dlog.file=" + dir.resolve("log").resolve(role + ".log"));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties"));
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(conf.toString());
    command.addAll(List.of(results.get(1).trim().split("\\s+")));
    command.addAll(List.of("-D", "metrics.reporter.prom.port=" + metricsPort));
    return command;
  }
}
