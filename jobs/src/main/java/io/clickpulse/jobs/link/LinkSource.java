package io.clickpulse.jobs.link;

import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.udf.event.ValidationLimits;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The {@code links} topic: records parsed in the source, rejects separated and counted. */
public final class LinkSource {
  public static final String UID_SOURCE = "source-links";
  public static final String UID_VALIDATE = "validate-links";

  private LinkSource() {}

  /** Link records of {@code topic} from Kafka, as configured (bounded runs stop at the end). */
  public static KafkaSource<ParsedLink> kafka(
      KafkaSettings kafka, String topic, ValidationLimits limits) {
    return kafka(
        kafka,
        topic,
        limits,
        kafka.startingOffsets(),
        kafka.bounded() ? OffsetsInitializer.latest() : null);
  }

  public static KafkaSource<ParsedLink> kafka(
      KafkaSettings kafka,
      String topic,
      ValidationLimits limits,
      StartingOffsets start,
      OffsetsInitializer stoppingOffsets) {
    return KafkaConnectors.source(
        kafka, topic, start, stoppingOffsets, new LinkRecordDeserializer(limits));
  }

  /**
   * Valid link events with their event time; rejects on the {@code DeadLetters.TAG} side output.
   * Watermarks follow valid events only, {@code outOfOrderness} behind the latest: a link's events
   * are ordered by version, not time, so this only paces the timers. A partition without events for
   * {@code idleTimeout} is idle: the links topic is quiet for hours, and the catalog join's
   * watermark (which the clicks after it carry) must then follow the clicks alone.
   */
  public static SingleOutputStreamOperator<io.clickpulse.udf.link.LinkEvent> read(
      StreamExecutionEnvironment env,
      Source<ParsedLink, ?, ?> source,
      Duration outOfOrderness,
      Duration idleTimeout) {
    WatermarkStrategy<ParsedLink> watermarks =
        WatermarkStrategy.<ParsedLink>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner(
                (record, kafkaTime) -> record.isValid() ? record.event.eventTime : Long.MIN_VALUE)
            .withIdleness(idleTimeout);
    DataStream<ParsedLink> parsed = env.fromSource(source, watermarks, "links").uid(UID_SOURCE);
    return parsed.process(new SeparateLinkRejects()).name("validate-links").uid(UID_VALIDATE);
  }
}
