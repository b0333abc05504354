package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The pipeline's Kafka source and sinks, built from its configuration. */
public final class KafkaConnectors {
  /** Below the broker's default transaction.max.timeout.ms (15 min). */
  private static final String TRANSACTION_TIMEOUT_MS = String.valueOf(10 * 60 * 1000);

  private KafkaConnectors() {}

  /** Click records, parsed and validated as they are read ({@link ClickRecordDeserializer}). */
  public static KafkaSource<ParsedRecord> rawClicks(ClickPipelineConfig config) {
    return source(
        config.kafkaBootstrapServers(),
        config.rawTopic(),
        config.kafkaGroupId(),
        config.startingOffsets(),
        config.bounded() ? OffsetsInitializer.latest() : null,
        clickDeserializer(config));
  }

  /**
   * Click records from the earliest offsets up to {@code stoppingOffsets}: a bounded run over input
   * that may still be on its way (a test that sends live while the job reads).
   */
  public static KafkaSource<ParsedRecord> rawClicksUntil(
      ClickPipelineConfig config, OffsetsInitializer stoppingOffsets) {
    return source(
        config.kafkaBootstrapServers(),
        config.rawTopic(),
        config.kafkaGroupId(),
        ClickPipelineConfig.StartingOffsets.EARLIEST,
        stoppingOffsets,
        clickDeserializer(config));
  }

  private static ClickRecordDeserializer clickDeserializer(ClickPipelineConfig config) {
    return new ClickRecordDeserializer(config.validation(), config.eventTime());
  }

  /** Raw records of one topic, read_committed, offsets committed with checkpoints. */
  public static KafkaSource<RawRecord> raw(
      String bootstrapServers,
      String topic,
      String groupId,
      ClickPipelineConfig.StartingOffsets startingOffsets,
      boolean bounded) {
    return source(
        bootstrapServers,
        topic,
        groupId,
        startingOffsets,
        bounded ? OffsetsInitializer.latest() : null,
        new RawRecordDeserializer());
  }

  /** {@code stoppingOffsets} null: unbounded. */
  private static <T> KafkaSource<T> source(
      String bootstrapServers,
      String topic,
      String groupId,
      ClickPipelineConfig.StartingOffsets startingOffsets,
      OffsetsInitializer stoppingOffsets,
      KafkaRecordDeserializationSchema<T> deserializer) {
    KafkaSourceBuilder<T> builder =
        KafkaSource.<T>builder()
            .setBootstrapServers(bootstrapServers)
            .setTopics(topic)
            .setGroupId(groupId)
            .setClientIdPrefix(groupId)
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
   * Dead letters, exactly once: written in Kafka transactions committed with each checkpoint, so a
   * replay after a failure does not repeat them.
   */
  public static KafkaSink<DeadLetter> deadLetters(ClickPipelineConfig config) {
    return exactlyOnce(
        config,
        "-dlq",
        KafkaRecordSerializationSchema.<DeadLetter>builder()
            .setTopic(config.deadLetterTopic())
            .setValueSerializationSchema(new DeadLetterSerialization())
            .build());
  }

  /** Alert events, exactly once, keyed by alert id. */
  public static KafkaSink<Alert> alerts(ClickPipelineConfig config) {
    return exactlyOnce(
        config,
        "-alerts",
        KafkaRecordSerializationSchema.<Alert>builder()
            .setTopic(config.alertsTopic())
            .setKeySerializationSchema(new AlertKeySerialization())
            .setValueSerializationSchema(new AlertSerialization())
            .build());
  }

  private static <T> KafkaSink<T> exactlyOnce(
      ClickPipelineConfig config, String idSuffix, KafkaRecordSerializationSchema<T> serializer) {
    return exactlyOnce(
        config.kafkaBootstrapServers(), config.transactionalIdPrefix() + idSuffix, serializer);
  }

  /** A sink writing in Kafka transactions committed with each checkpoint. */
  public static <T> KafkaSink<T> exactlyOnce(
      String bootstrapServers,
      String transactionalIdPrefix,
      KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrapServers)
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .build();
  }
}
