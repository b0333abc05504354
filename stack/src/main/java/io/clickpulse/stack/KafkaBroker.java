package io.clickpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one) in its own JVM, on loopback
 * ports. Its jars are resolved by Maven at build time; see this module's pom.
 */
public final class KafkaBroker implements AutoCloseable {
  private static final String CLASSPATH_RESOURCE = "kafka-broker.classpath";
  private static final int START_ATTEMPTS = 3;

  private final ManagedProcess process;
  private final Path dir;
  private final int brokerPort;
  private final int controllerPort;

  private KafkaBroker(ManagedProcess process, Path dir, int brokerPort, int controllerPort) {
    this.process = process;
    this.dir = dir;
    this.brokerPort = brokerPort;
    this.controllerPort = controllerPort;
  }

  /** Formats a log dir under {@code dir} and starts a broker on free loopback ports. */
  public static KafkaBroker start(Path dir) {
    WorkDirs.createDirectories(dir);
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        return start(dir, Ports.freeLoopbackPort(), Ports.freeLoopbackPort());
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts the broker again after {@link #close()} or {@link #kill()}: same log dir and ports, so
   * that clients configured with its address reconnect, as after a broker restart in production.
   */
  public KafkaBroker startAgain() {
    if (process.isAlive()) {
      throw new IllegalStateException("The broker at " + bootstrapServers() + " is still running");
    }
    return start(dir, brokerPort, controllerPort);
  }

  private static KafkaBroker start(Path dir, int brokerPort, int controllerPort) {
    String classpath = brokerClasspath();
    Path config = writeConfig(dir, brokerPort, controllerPort);
    Path logDir = dir.resolve("data");
    if (!Files.exists(logDir.resolve("meta.properties"))) {
      ManagedProcess.run(
          "kafka-storage-format",
          javaCommand(
              dir,
              classpath,
              "kafka.tools.StorageTool",
              "format",
              "-t",
              Uuid.randomUuid().toString(),
              "-c",
              config.toString()),
          dir,
          dir.resolve("format.log"),
          Duration.ofMinutes(2));
    }
    ManagedProcess process =
        ManagedProcess.start(
            "kafka",
            javaCommand(dir, classpath, "kafka.Kafka", config.toString()),
            dir,
            dir.resolve("broker.out"));
    KafkaBroker broker = new KafkaBroker(process, dir, brokerPort, controllerPort);
    try {
      process.awaitReady(broker::isReady, Duration.ofSeconds(90));
      return broker;
    } catch (IllegalStateException e) {
      process.stop();
      throw e;
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public long pid() {
    return process.pid();
  }

  public Path dir() {
    return dir;
  }

  /** Creates topics (ignoring ones that exist) with the given partition count. */
  public void createTopics(int partitions, String... topics) {
    try (Admin admin = admin()) {
      List<NewTopic> newTopics = new ArrayList<>();
      for (String topic : topics) {
        newTopics.add(new NewTopic(topic, partitions, (short) 1));
      }
      for (var result : admin.createTopics(newTopics).values().values()) {
        try {
          result.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new IllegalStateException(
                "Cannot create topics " + List.of(topics), e.getCause());
          }
        }
      }
      awaitLeaders(admin, List.of(topics));
    } catch (InterruptedException | TimeoutException e) {
      throw new IllegalStateException("Cannot create topics " + List.of(topics), e);
    }
  }

  /**
   * Waits until the broker serves every partition as leader. A produce that arrives before gets
   * NOT_LEADER_OR_FOLLOWER, and an idempotent producer whose first batch is retried while later
   * ones succeed then fails that batch with OutOfOrderSequence until its delivery timeout
   * (KAFKA-14359): records lost or reordered behind a test's back.
   *
   * <p>Two steps, because the metadata can name a leader before that leader serves the partition
   * (the broker publishes the new metadata, then creates the partitions): every partition has a
   * leader in the metadata, then every partition's leader answers a ListOffsets request. Checking
   * only the metadata still let an end-to-end test's first batch hit NOT_LEADER_OR_FOLLOWER and
   * lose clicks (AlertsEndToEndITCase, 2026-12-07).
   */
  private static void awaitLeaders(Admin admin, List<String> topics)
      throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        boolean ready = true;
        for (TopicDescription topic :
            admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS).values()) {
          for (TopicPartitionInfo partition : topic.partitions()) {
            ready &= partition.leader() != null && !partition.leader().isEmpty();
            partitions.put(
                new TopicPartition(topic.name(), partition.partition()), OffsetSpec.latest());
          }
        }
        if (ready) {
          // Only the partition's leader answers; the admin client retries NOT_LEADER_OR_FOLLOWER.
          admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
          return;
        }
      } catch (ExecutionException | TimeoutException notYetServed) {
        // UnknownTopicOrPartition until the broker has applied the new topics' metadata.
      }
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            "No leader serving every partition of " + topics + " after 30 s");
      }
      Thread.sleep(50);
    }
  }

  /**
   * Producer settings that neither lose nor reorder a record when a send is retried: all replicas
   * acknowledge, idempotence on, one request in flight per connection (a retried batch is never
   * overtaken, KAFKA-14359). What every producer of test input should use.
   */
  public static Map<String, Object> orderedProducerSettings(String bootstrapServers) {
    return orderedProducerSettings(bootstrapServers, Map.of());
  }

  /** As above, with {@code extra} settings (batching, compression) added. */
  public static Map<String, Object> orderedProducerSettings(
      String bootstrapServers, Map<String, Object> extra) {
    Map<String, Object> settings = new HashMap<>(extra);
    settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
    return settings;
  }

  /** A producer to this broker with {@link #orderedProducerSettings}; the caller closes it. */
  public <K, V> KafkaProducer<K, V> orderedProducer(
      Serializer<K> keySerializer, Serializer<V> valueSerializer) {
    return new KafkaProducer<>(
        orderedProducerSettings(bootstrapServers()), keySerializer, valueSerializer);
  }

  /**
   * Sends {@code values} to {@code topic} in this order, without keys, and returns once the broker
   * has acknowledged every one; fails if any send failed, so that no test runs on input it lost.
   */
  public void sendAll(String topic, List<byte[]> values) {
    sendAll(
        bootstrapServers(),
        values.stream().map(value -> new ProducerRecord<String, byte[]>(topic, value)).toList(),
        Map.of());
  }

  /**
   * Sends {@code records} in this order with {@link #orderedProducerSettings} and {@code extra},
   * and returns once the broker has acknowledged every one; fails if any send failed.
   */
  public static void sendAll(
      String bootstrapServers,
      List<ProducerRecord<String, byte[]>> records,
      Map<String, Object> extra) {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            orderedProducerSettings(bootstrapServers, extra),
            new StringSerializer(),
            new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ProducerRecord<String, byte[]> record : records) {
        sent.add(producer.send(record));
      }
      for (Future<RecordMetadata> record : sent) {
        record.get(2, TimeUnit.MINUTES);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted sending " + records.size() + " records", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "Sending "
              + records.size()
              + " records to "
              + records.stream().map(ProducerRecord::topic).distinct().toList()
              + " failed",
          e);
    }
  }

  /** An admin client for this broker; the caller closes it. */
  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  private boolean isReady() {
    // A plain connect first: the admin client logs a warning for every refused connection.
    String[] hostPort = bootstrapServers().split(":");
    try (var socket = new java.net.Socket()) {
      socket.connect(
          new java.net.InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 500);
    } catch (IOException notListening) {
      return false;
    }
    try (Admin admin = admin()) {
      return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
    } catch (Exception notYet) {
      return false;
    }
  }

  /** Simulates a crash: SIGKILL. */
  public void kill() {
    process.kill();
  }

  /** Stops the broker as a service manager would: SIGTERM, then a controlled shutdown. */
  public void terminate() {
    process.terminate(Duration.ofSeconds(60));
  }

  @Override
  public void close() {
    process.close();
  }

  private static Path writeConfig(Path dir, int brokerPort, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners",
        "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("data").toString());
    p.setProperty("num.partitions", "2");
    // One broker: every internal topic has a single replica, or transactions cannot work.
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("transaction.state.log.num.partitions", "5");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(out, "ClickPulse local broker");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static List<String> javaCommand(
      Path dir, String classpath, String mainClass, String... args) {
    Path log4j = dir.resolve("log4j2.properties");
    try {
      Files.writeString(
          log4j,
          String.join(
              "\n",
              "rootLogger.level = INFO",
              "rootLogger.appenderRef.file.ref = file",
              "appender.file.type = File",
              "appender.file.name = file",
              "appender.file.fileName = " + dir.resolve("kafka.log"),
              "appender.file.layout.type = PatternLayout",
              "appender.file.layout.pattern = %d{HH:mm:ss.SSS} %-5p %c{1} - %m%n",
              "logger.kafka.name = kafka",
              "logger.kafka.level = WARN",
              "logger.apache.name = org.apache.kafka",
              "logger.apache.level = WARN",
              ""));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xms256m");
    command.add("-Xmx768m");
    command.add("-XX:+UseG1GC");
    command.add("-Djava.awt.headless=true");
    command.add("-Dlog4j2.configurationFile=" + log4j);
    command.add("-cp");
    command.add(classpath);
    command.add(mainClass);
    command.addAll(List.of(args));
    return command;
  }

  private static String brokerClasspath() {
    return ClasspathResource.read(KafkaBroker.class, CLASSPATH_RESOURCE);
  }
}
