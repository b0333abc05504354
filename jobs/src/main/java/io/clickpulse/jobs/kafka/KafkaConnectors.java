package io.clickpulse.jobs.kafka;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** Kafka sources and exactly-once sinks as every ClickPulse job uses them. */
public final class KafkaConnectors {
  private KafkaConnectors() {}

  /** Raw records of one topic as {@code kafka} says where to start and whether to stop. */
  public static KafkaSource<RawRecord> raw(KafkaSettings kafka, String topic) {
    return source(
        kafka,
        topic,
        kafka.startingOffsets(),
        kafka.bounded() ? OffsetsInitializer.latest() : null,
        new RawRecordDeserializer());
  }

  /**
   * Records of one topic, read_committed, offsets committed with checkpoints in {@code kafka}'s
   * group; {@code stoppingOffsets} null: unbounded.
   */
  public static <T> KafkaSource<T> source(
      KafkaSettings kafka,
      String topic,
      StartingOffsets startingOffsets,
      OffsetsInitializer stoppingOffsets,
      KafkaRecordDeserializationSchema<T> deserializer) {
    KafkaSourceBuilder<T> builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setTopics(topic)
            .setGroupId(kafka.groupId())
            .setClientIdPrefix(kafka.groupId())
            .setDeserializer(deserializer)
            .setStartingOffsets(
                switch (startingOffsets) {
                  case COMMITTED ->
                      OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
                  case EARLIEST -> OffsetsInitializer.earliest();
                  case LATEST -> OffsetsInitializer.latest();
                })
            // Only read what a transactional producer committed.
            .setProperty("isolation.level", "read_committed");
    if (stoppingOffsets != null) {
      builder.setBounded(stoppingOffsets);
    }
    return builder.build();
  }

  /**
   * A sink writing in Kafka transactions committed with each checkpoint, so a replay after a
   * failure does not repeat records; one that cannot reach the broker fails its task, never the
   * TaskManager.
   */
  public static <T> FailoverSafeKafkaSink<T> exactlyOnce(
      KafkaSettings kafka, String idSuffix, KafkaRecordSerializationSchema<T> serializer) {
    return new FailoverSafeKafkaSink<>(
        KafkaSink.<T>builder()
            .setBootstrapServers(kafka.bootstrapServers())
            .setRecordSerializer(serializer)
            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
            // One prefix per sink of a job, stable across its restarts.
            .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + idSuffix)
            .setProperty(
                "transaction.timeout.ms", String.valueOf(kafka.transactionTimeout().toMillis()))
            .build());
  }
}
