package io.clickpulse.stack;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * A Kafka broker and a ClickHouse engine, each in its own process on loopback: the one way the
 * tests, the benchmarks, the reliability suite and the local commands start them.
 *
 * <p>{@link #start} starts both for one owner (a run, a benchmark, a suite) in {@code dir/kafka}
 * and {@code dir/clickhouse}, and stops both on {@link #close()}. {@link #sharedKafka()} and {@link
 * #sharedClickHouse()} start each at most once per JVM, on first use, for test classes that share
 * them and isolate themselves with {@link #unique} topics and databases; the launchers' shutdown
 * hooks stop them when the JVM exits.
 */
public final class Engines implements AutoCloseable {
  private static KafkaBroker sharedKafka;
  private static ClickHouseServer sharedClickHouse;

  private final KafkaBroker kafka;
  private final ClickHouseServer clickhouse;

  private Engines(KafkaBroker kafka, ClickHouseServer clickhouse) {
    this.kafka = kafka;
    this.clickhouse = clickhouse;
  }

  /** Both engines in {@code dir}; none left running if either fails to start. */
  public static Engines start(Path dir) {
    return start(dir, null, Map.of());
  }

  /**
   * As {@link #start(Path)}, ClickHouse with a server config file (accounts, limits; may be null)
   * and the environment its {@code from_env} attributes read.
   */
  public static Engines start(
      Path dir, Path clickhouseConfig, Map<String, String> clickhouseEnvironment) {
    KafkaBroker kafka = KafkaBroker.start(dir.resolve("kafka"));
    try {
      return new Engines(
          kafka,
          ClickHouseServer.start(
              dir.resolve("clickhouse"), clickhouseConfig, clickhouseEnvironment));
    } catch (RuntimeException | Error e) {
      kafka.close();
      throw e;
    }
  }

  /** This JVM's shared broker, started on first use. */
  public static synchronized KafkaBroker sharedKafka() {
    if (sharedKafka == null) {
      sharedKafka = KafkaBroker.start(WorkDirs.newRunDir("kafka"));
    }
    return sharedKafka;
  }

  /** This JVM's shared ClickHouse engine, started on first use. */
  public static synchronized ClickHouseServer sharedClickHouse() {
    if (sharedClickHouse == null) {
      sharedClickHouse = ClickHouseServer.start(WorkDirs.newRunDir("clickhouse"));
    }
    return sharedClickHouse;
  }

  /** A name no other user of the shared engines has: for topics, databases, transactional ids. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  public KafkaBroker kafka() {
    return kafka;
  }

  public ClickHouseServer clickhouse() {
    return clickhouse;
  }

  /** Stops ClickHouse, then Kafka; their data and logs stay in the directory. */
  @Override
  public void close() {
    try (kafka) {
      clickhouse.close();
    }
  }
}
