package io.clickpulse.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the {@code alerts} topic as any consumer would (read_committed: an alert counts once its
 * checkpoint has committed it) and notes when each alert became visible.
 */
final class AlertWatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An alert as seen on the topic, and when. */
  record SeenAlert(
      String alertId,
      String status,
      String rule,
      String subjectType,
      String linkId,
      String campaignId,
      long windowStart,
      long windowEnd,
      String reason,
      Instant seenAt) {}

  private final Map<String, SeenAlert> seen = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread thread;

  AlertWatcher(String bootstrapServers, String topic) {
    KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.GROUP_ID_CONFIG, "clickpulse-local-run-watcher"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer());
    consumer.subscribe(List.of(topic));
    thread =
        new Thread(
            () -> {
              try (consumer) {
                while (running.get()) {
                  for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    note(r.value());
                  }
                }
              }
            },
            "alert-watcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void note(byte[] value) {
    try {
      JsonNode a = JSON.readTree(value);
      SeenAlert alert =
          new SeenAlert(
              a.path("alert_id").asText(),
              a.path("status").asText(),
              a.path("rule").asText(),
              a.path("subject_type").asText(),
              a.path("link_id").asText(),
              a.path("campaign_id").asText(),
              a.path("window_start").asLong(),
              a.path("window_end").asLong(),
              a.path("reason").asText(),
              Instant.now());
      seen.putIfAbsent(alert.alertId() + "/" + alert.status(), alert);
    } catch (IOException e) {
      // Not an alert: the delivery job dead-letters it; nothing to time here.
    }
  }

  /** Every alert and status seen so far. */
  List<SeenAlert> alerts() {
    return new ArrayList<>(seen.values());
  }

  long firing() {
    return seen.values().stream().filter(a -> a.status().equals("firing")).count();
  }

  @Override
  public void close() throws InterruptedException {
    running.set(false);
    thread.join(5_000);
  }
}
