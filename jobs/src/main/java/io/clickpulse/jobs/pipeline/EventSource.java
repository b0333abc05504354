package io.clickpulse.jobs.pipeline;

import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One of the pipeline's other inputs (links, conversions) read from its source: records parsed in
 * the source, valid events on with their event time, rejects separated and counted ({@link
 * SeparateEventRejects}). Watermarks follow valid events only, {@code outOfOrderness} behind the
 * latest; a partition without events for {@code idleTimeout} stops holding them back, so that a
 * quiet input does not stop the stage that joins it with the clicks.
 */
public final class EventSource {
  private EventSource() {}

  /** An event's time in epoch millis. */
  public interface EventTime<E> extends Serializable {
    long of(E event);
  }

  public static String sourceUid(String input) {
    return "source-" + input;
  }

  public static String validateUid(String input) {
    return "validate-" + input;
  }

  public static <P extends ParsedEvent<E>, E> SingleOutputStreamOperator<E> read(
      StreamExecutionEnvironment env,
      Source<P, ?, ?> source,
      SeparateEventRejects<P, E> separate,
      EventTime<E> eventTime,
      Duration outOfOrderness,
      Duration idleTimeout) {
    WatermarkStrategy<P> watermarks =
        WatermarkStrategy.<P>forBoundedOutOfOrderness(outOfOrderness)
            .withTimestampAssigner(
                (record, kafkaTime) ->
                    record.isValid() ? eventTime.of(record.event) : Long.MIN_VALUE)
            .withIdleness(idleTimeout);
    String input = separate.input();
    return env.fromSource(source, watermarks, input)
        .uid(sourceUid(input))
        .process(separate)
        .name(validateUid(input))
        .uid(validateUid(input));
  }
}
