package io.clickpulse.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The launchers start the real engines, and stop them by PID. */
@Tag("engines")
class LocalStackITCase {

  @Test
  void clickHouseServesHttpAndKeepsDataAcrossRestart() {
    Path dir = WorkDirs.newRunDir("clickhouse-test");
    long pid;
    try (ClickHouseServer server = ClickHouseServer.start(dir)) {
      pid = server.pid();
      assertEquals(ClickHouseEngine.CLICKHOUSE_VERSION, server.query("SELECT version()").strip());
      server.query("CREATE TABLE t (x UInt32) ENGINE = MergeTree ORDER BY x");
      server.query("INSERT INTO t SELECT number FROM numbers(1000)");
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "engine stopped");
    try (ClickHouseServer server = ClickHouseServer.start(dir)) {
      assertEquals("1000", server.query("SELECT count() FROM t").strip());
    }
  }

  @Test
  void kafkaBrokerCarriesRecords() {
    try (KafkaBroker broker = KafkaBroker.start(WorkDirs.newRunDir("kafka-test"))) {
      broker.createTopics(2, "smoke");
      try (var producer = broker.orderedProducer(new StringSerializer(), new StringSerializer())) {
        for (int i = 0; i < 10; i++) {
          producer.send(new ProducerRecord<>("smoke", "k" + i, "v" + i));
        }
      }
      List<String> seen = new ArrayList<>();
      try (var consumer =
          new KafkaConsumer<String, String>(
              Map.of(
                  ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                  ConsumerConfig.GROUP_ID_CONFIG, "smoke",
                  ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
              new StringDeserializer(),
              new StringDeserializer())) {
        consumer.subscribe(List.of("smoke"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (seen.size() < 10 && System.nanoTime() < deadline) {
          consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
        }
      }
      assertEquals(10, seen.size());
      assertTrue(seen.contains("v7"));
    }
  }
}
