package io.clickpulse.jobs.link;

import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.pipeline.EventSource;
import io.clickpulse.jobs.pipeline.SeparateEventRejects;
import io.clickpulse.udf.event.ValidationLimits;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkRejectReason;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The {@code links} topic: records parsed in the source, rejects separated and counted. */
public final class LinkSource {
  private static final String INPUT = "links";
  public static final String UID_SOURCE = EventSource.sourceUid(INPUT);
  public static final String UID_VALIDATE = EventSource.validateUid(INPUT);

  /** The {@code links_received} counter: every record the source parsed. */
  public static final String RECEIVED = SeparateEventRejects.received(INPUT);

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
   * Valid link events with their event time; rejects on the {@code DeadLetters.TAG} side output. A
   * link's events are ordered by version, not time, so the watermark only paces the timers; the
   * links topic is quiet for hours, so its partitions go idle after {@code idleTimeout} and the
   * catalog join's watermark (which the clicks after it carry) follows the clicks alone.
   */
  public static SingleOutputStreamOperator<LinkEvent> read(
      StreamExecutionEnvironment env,
      Source<ParsedLink, ?, ?> source,
      Duration outOfOrderness,
      Duration idleTimeout) {
    return EventSource.read(
        env,
        source,
        new SeparateEventRejects<>(INPUT, reasonCodes(), LinkEvent.class),
        event -> event.eventTime,
        outOfOrderness,
        idleTimeout);
  }

  /** The {@code links_rejected_<reason>} counter. */
  public static String rejected(LinkRejectReason reason) {
    return SeparateEventRejects.rejected(INPUT, reason.code());
  }

  private static List<String> reasonCodes() {
    return Arrays.stream(LinkRejectReason.values()).map(LinkRejectReason::code).toList();
  }
}
