package io.clickpulse.jobs.pipeline;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks per Kafka partition, at the source, following the partition's progress over
 * valid events ({@link ParsedRecord#partitionProgress}) minus the out-of-orderness. Rejected
 * records and events whose clock runs ahead do not move it (see {@link ClickRecordDeserializer}).
 *
 * <p>Everything here is a function of the partition's data, never of when or how fast it was read:
 * the watermark advances on events, in whole seconds, and the periodic timer adds nothing; and
 * whether a click is too late for its minute is decided against its own partition's watermark
 * ({@link #tooLate}), not against the slowest of all partitions, which in a backlog depends on how
 * far each reader happens to be. So a backlog gives the same minutes and late clicks as live
 * traffic.
 */
public final class ClickWatermarks {
  static final long STEP_MILLIS = 1000;
  private static final long MINUTE_MILLIS = 60_000;

  private ClickWatermarks() {}

  public static WatermarkStrategy<ParsedRecord> strategy(EventTimeSettings settings) {
    long outOfOrderness = settings.outOfOrderness().toMillis();
    return WatermarkStrategy.<ParsedRecord>forGenerator(ctx -> new Generator(outOfOrderness))
        .withTimestampAssigner(
            (record, kafkaTimestamp) -> record.isValid() ? record.event.eventTime : kafkaTimestamp)
        .withIdleness(settings.idleTimeout());
  }

  /** The watermark of a partition that has progressed to {@code progress}. */
  public static long watermark(long progress, long outOfOrderness) {
    if (progress == Long.MIN_VALUE) {
      return Long.MIN_VALUE;
    }
    return Math.floorDiv(progress - outOfOrderness, STEP_MILLIS) * STEP_MILLIS - 1;
  }

  /**
   * Whether a click's one-minute window has closed for good at {@code watermark}: the rule of
   * Flink's window operator (window end - 1 + allowed lateness <= watermark).
   */
  public static boolean tooLate(long eventTime, long watermark, long allowedLateness) {
    long windowEnd = Math.floorDiv(eventTime, MINUTE_MILLIS) * MINUTE_MILLIS + MINUTE_MILLIS;
    return watermark != Long.MIN_VALUE && windowEnd - 1 + allowedLateness <= watermark;
  }

  static final class Generator implements WatermarkGenerator<ParsedRecord> {
    private final long outOfOrderness;
    private long emitted = Long.MIN_VALUE;

    Generator(long outOfOrderness) {
      this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void onEvent(ParsedRecord record, long timestamp, WatermarkOutput output) {
      long watermark = watermark(record.partitionProgress, outOfOrderness);
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
