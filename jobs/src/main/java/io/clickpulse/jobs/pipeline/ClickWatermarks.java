package io.clickpulse.jobs.pipeline;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks per Kafka partition, at the source, following the partition's progress over
 * valid events ({@link ParsedRecord#partitionProgress}) minus the out-of-orderness. Rejected
 * records and events whose clock runs ahead do not move it (see {@link ClickRecordDeserializer}).
 *
 * <p>The watermark is a function of the data read so far, never of when it was read: it advances on
 * events, in whole seconds, and the periodic timer adds nothing. Together with watermark alignment
 * (no partition reads more than the out-of-orderness ahead of the slowest active one), a backlog
 * read at full speed closes the same windows with the same events as live traffic.
 */
public final class ClickWatermarks {
  static final long STEP_MILLIS = 1000;
  static final String ALIGNMENT_GROUP = "clicks-raw";

  private ClickWatermarks() {}

  public static WatermarkStrategy<ParsedRecord> strategy(
      Duration outOfOrderness, Duration idleTimeout) {
    return WatermarkStrategy.<ParsedRecord>forGenerator(
            ctx -> new Generator(outOfOrderness.toMillis()))
        .withTimestampAssigner(
            (record, kafkaTimestamp) -> record.isValid() ? record.event.eventTime : kafkaTimestamp)
        .withIdleness(idleTimeout)
        .withWatermarkAlignment(ALIGNMENT_GROUP, outOfOrderness, Duration.ofSeconds(1));
  }

  static final class Generator implements WatermarkGenerator<ParsedRecord> {
    private final long outOfOrderness;
    private long emitted = Long.MIN_VALUE;

    Generator(long outOfOrderness) {
      this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void onEvent(ParsedRecord record, long timestamp, WatermarkOutput output) {
      if (record.partitionProgress == Long.MIN_VALUE) {
        return;
      }
      long watermark =
          Math.floorDiv(record.partitionProgress - outOfOrderness, STEP_MILLIS) * STEP_MILLIS - 1;
      if (watermark > emitted) {
        emitted = watermark;
        output.emitWatermark(new Watermark(watermark));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      // Watermarks come from data only (see the class comment).
    }
  }
}
