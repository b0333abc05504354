package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.pipeline.EventSource;
import io.clickpulse.jobs.pipeline.SeparateEventRejects;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.conversion.ConversionRejectReason;
import io.clickpulse.udf.event.ValidationLimits;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The {@code conversions} topic: records parsed in the source, rejects separated and counted. */
public final class ConversionSource {
  private static final String INPUT = "conversions";
  public static final String UID_SOURCE = EventSource.sourceUid(INPUT);
  public static final String UID_VALIDATE = EventSource.validateUid(INPUT);

  /** The {@code conversions_received} counter: every record the source parsed. */
  public static final String RECEIVED = SeparateEventRejects.received(INPUT);

  /**
   * A quiet conversions topic must not hold back attribution: after this long without records its
   * partitions stop counting for the watermark, and the clicks' event time alone moves it.
   */
  public static final Duration IDLE_AFTER = Duration.ofMinutes(1);

  private ConversionSource() {}

  /**
   * Conversion records of {@code topic} from Kafka, as configured (bounded runs stop at the end).
   */
  public static KafkaSource<ParsedConversion> kafka(
      KafkaSettings kafka, String topic, ValidationLimits limits) {
    return kafka(
        kafka,
        topic,
        limits,
        kafka.startingOffsets(),
        kafka.bounded() ? OffsetsInitializer.latest() : null);
  }

  public static KafkaSource<ParsedConversion> kafka(
      KafkaSettings kafka,
      String topic,
      ValidationLimits limits,
      StartingOffsets start,
      OffsetsInitializer stoppingOffsets) {
    return KafkaConnectors.source(
        kafka, topic, start, stoppingOffsets, new ConversionRecordDeserializer(limits));
  }

  /**
   * Valid conversions with their event time; rejects on the {@code DeadLetters.TAG} side output.
   * Conversions that arrive days late are behind the watermark; the attribution stage takes them as
   * they come.
   */
  public static SingleOutputStreamOperator<ConversionEvent> read(
      StreamExecutionEnvironment env,
      Source<ParsedConversion, ?, ?> source,
      Duration outOfOrderness) {
    return EventSource.read(
        env,
        source,
        new SeparateEventRejects<>(INPUT, reasonCodes(), ConversionEvent.class),
        event -> event.eventTime,
        outOfOrderness,
        IDLE_AFTER);
  }

  /** The {@code conversions_rejected_<reason>} counter. */
  public static String rejected(ConversionRejectReason reason) {
    return SeparateEventRejects.rejected(INPUT, reason.code());
  }

  private static List<String> reasonCodes() {
    return Arrays.stream(ConversionRejectReason.values())
        .map(ConversionRejectReason::code)
        .toList();
  }
}
