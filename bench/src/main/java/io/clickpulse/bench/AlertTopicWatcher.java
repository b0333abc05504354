package io.clickpulse.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Notes when each alert becomes readable on the alerts topic (read_committed, as the delivery job
 * reads it), to split the alert latency into the pipeline's part and delivery's part.
 */
final class AlertTopicWatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Long> seenAt = new ConcurrentHashMap<>();
  private final Thread thread;

  AlertTopicWatcher(String bootstrapServers, String topic) {
    consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "bench-alert-watcher",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    thread = new Thread(this::poll, "alert-topic-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  /** When the alert about {@code subjectId} with {@code status} was first read, if it was. */
  OptionalLong seenAt(String subjectId, String status) {
    Long at = seenAt.get(subjectId + "/" + status);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  private void poll() {
    try {
      while (true) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
          long now = System.currentTimeMillis();
          try {
            JsonNode alert = JSON.readTree(record.value());
            seenAt.putIfAbsent(
                alert.path("subject_id").asText() + "/" + alert.path("status").asText(), now);
          } catch (IOException unreadable) {
            // Not an alert this benchmark planted.
          }
        }
      }
    } catch (WakeupException closing) {
      // close() was called.
    } finally {
      consumer.close();
    }
  }

  @Override
  public void close() throws InterruptedException {
    consumer.wakeup();
    thread.join(10_000);
  }
}
