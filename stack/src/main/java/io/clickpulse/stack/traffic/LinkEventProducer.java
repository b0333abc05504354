package io.clickpulse.stack.traffic;

import io.clickpulse.stack.KafkaBroker;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends link events to the {@code links} topic as docs/links.md asks a shortener to: keyed by link
 * id (one link's events on one partition, in order), acknowledged by all replicas, idempotent.
 */
public final class LinkEventProducer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public LinkEventProducer(String bootstrapServers, String topic) {
    this.topic = topic;
    this.producer =
        new KafkaProducer<>(
            KafkaBroker.orderedProducerSettings(
                bootstrapServers, Map.of(ProducerConfig.LINGER_MS_CONFIG, 5)),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  public void send(LinkEventRecord event) {
    send(event.key(), event.value());
  }

  /** Sends any keyed JSON record the same way (the demo's conversions, keyed by conversion id). */
  public void send(String key, byte[] value) {
    producer.send(
        new ProducerRecord<>(topic, key, value),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  /** Waits for every send; fails if any failed. */
  public void flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "Sending to " + topic + " failed: " + failure.get(), failure.get());
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
