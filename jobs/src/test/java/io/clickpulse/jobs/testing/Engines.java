package io.clickpulse.jobs.testing;

import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import java.util.UUID;

/**
 * The real Kafka broker and ClickHouse engine, started once per test JVM and shared by the test
 * classes; each test isolates itself with its own topics and database. Both stop when the JVM exits
 * (their launchers register shutdown hooks).
 */
public final class Engines {
  private static KafkaBroker kafka;
  private static ClickHouseServer clickhouse;

  private Engines() {}

  public static synchronized KafkaBroker kafka() {
    if (kafka == null) {
      kafka = KafkaBroker.start(WorkDirs.newRunDir("kafka"));
    }
    return kafka;
  }

  public static synchronized ClickHouseServer clickhouse() {
    if (clickhouse == null) {
      clickhouse = ClickHouseServer.start(WorkDirs.newRunDir("clickhouse"));
    }
    return clickhouse;
  }

  /** A name no other test uses: for topics, databases, transactional ids. */
  public static String unique(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }
}
