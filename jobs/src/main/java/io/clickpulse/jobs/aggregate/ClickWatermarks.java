package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.pipeline.RawEventTime;
import io.clickpulse.jobs.pipeline.RawRecord;
import io.clickpulse.udf.event.ValidationLimits;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks with bounded out-of-orderness, per Kafka partition at the source, from
 * {@link RawEventTime}: bounded the way validation bounds event times, so a record with an absurd
 * timestamp can never push the watermark, a record without a readable one does not move it, and a
 * partition read ahead of another cannot make the other's events late.
 *
 * <p>The watermark advances as events arrive (at most once per second of event time), not only on
 * the periodic timer: whether an event is late then depends on the data, not on how fast a backlog
 * is read, and replays decide lateness the same way.
 */
public final class ClickWatermarks {
  private static final long STEP_MILLIS = 1000;

  private ClickWatermarks() {}

  public static WatermarkStrategy<RawRecord> strategy(
      Duration outOfOrderness, Duration idleTimeout, ValidationLimits limits) {
    return WatermarkStrategy.<RawRecord>forGenerator(
            ctx -> new Generator<>(outOfOrderness.toMillis()))
        .withTimestampAssigner(new RawEventTime(limits))
        .withIdleness(idleTimeout);
  }

  static final class Generator<T> implements WatermarkGenerator<T> {
    private final long outOfOrderness;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    Generator(long outOfOrderness) {
      this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      maxTimestamp = Math.max(maxTimestamp, timestamp);
      long candidate = maxTimestamp - outOfOrderness - 1;
      if (emitted == Long.MIN_VALUE || candidate - emitted >= STEP_MILLIS) {
        emit(candidate, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      if (maxTimestamp != Long.MIN_VALUE) {
        emit(maxTimestamp - outOfOrderness - 1, output);
      }
    }

    private void emit(long watermark, WatermarkOutput output) {
      if (watermark > emitted) {
        emitted = watermark;
        output.emitWatermark(new Watermark(watermark));
      }
    }
  }
}
