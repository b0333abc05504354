package io.clickpulse.jobs.aggregate;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks with bounded out-of-orderness, assigned after validation so that a record
 * with an absurd timestamp can never push the watermark (validation has bounded event times by
 * then).
 *
 * <p>The watermark advances as events arrive (at most once per second of event time), not only on
 * the periodic timer: whether an event is late then depends on the data, not on how fast a backlog
 * is read, and replays decide lateness the same way.
 */
public final class ClickWatermarks {
  private static final long STEP_MILLIS = 1000;

  private ClickWatermarks() {}

  public static WatermarkStrategy<EnrichedClick> strategy(
      Duration outOfOrderness, Duration idleTimeout) {
    return WatermarkStrategy.<EnrichedClick>forGenerator(
            ctx -> new Generator(outOfOrderness.toMillis()))
        .withTimestampAssigner((click, recordTimestamp) -> click.click.eventTime)
        .withIdleness(idleTimeout);
  }

  static final class Generator implements WatermarkGenerator<EnrichedClick> {
    private final long outOfOrderness;
    private long maxTimestamp = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    Generator(long outOfOrderness) {
      this.outOfOrderness = outOfOrderness;
    }

    @Override
    public void onEvent(EnrichedClick click, long timestamp, WatermarkOutput output) {
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
