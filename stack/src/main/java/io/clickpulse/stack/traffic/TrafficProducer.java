package io.clickpulse.stack.traffic;

import io.clickpulse.stack.KafkaBroker;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Sends generated records to Kafka and keeps the {@link TrafficLedger} of what was sent where. */
public final class TrafficProducer implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;
  private final TrafficLedger ledger;
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  public TrafficProducer(String bootstrapServers, String topic) {
    this(bootstrapServers, topic, new TrafficLedger());
  }

  /** Enters what it sends into {@code ledger} (e.g. one that also counts distinct visitors). */
  public TrafficProducer(String bootstrapServers, String topic, TrafficLedger ledger) {
    this.topic = topic;
    this.ledger = ledger;
    this.producer =
        new KafkaProducer<>(
            KafkaBroker.orderedProducerSettings(
                bootstrapServers,
                Map.of(
                    ProducerConfig.LINGER_MS_CONFIG,
                    20,
                    ProducerConfig.BATCH_SIZE_CONFIG,
                    256 * 1024,
                    ProducerConfig.COMPRESSION_TYPE_CONFIG,
                    "lz4",
                    ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                    2 * 1024 * 1024)),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  /**
   * Sends asynchronously; the ledger learns the record's partition and offset on acknowledgement.
   */
  public void send(GeneratedRecord record) {
    producer.send(
        new ProducerRecord<>(topic, record.key(), record.value()),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          } else {
            ledger.record(record, metadata.partition(), metadata.offset());
          }
        });
  }

  /** Waits for every send; fails if any failed, since the ledger would then be wrong. */
  public TrafficLedger flush() {
    producer.flush();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "Sending to " + topic + " failed: " + failure.get(), failure.get());
    }
    return ledger;
  }

  @Override
  public void close() {
    producer.close();
  }
}
