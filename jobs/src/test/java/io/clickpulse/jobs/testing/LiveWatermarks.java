package io.clickpulse.jobs.testing;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The pipeline's bounded-out-of-orderness watermark ({@link #LAG} behind the latest event) emitted
 * after every event rather than periodically: time moves with each arrival, as on a live stream,
 * and a test's outcome does not depend on when the periodic timer happens to run.
 */
public final class LiveWatermarks {
  public static final Duration LAG = Duration.ofSeconds(30);

  private LiveWatermarks() {}

  public static <T> WatermarkStrategy<T> afterEachEvent() {
    return WatermarkStrategy.forGenerator(ctx -> new AfterEachEvent<>());
  }

  private static final class AfterEachEvent<T> implements WatermarkGenerator<T> {
    private long max = Long.MIN_VALUE;

    @Override
    public void onEvent(T event, long timestamp, WatermarkOutput output) {
      max = Math.max(max, timestamp);
      output.emitWatermark(new Watermark(max - LAG.toMillis() - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {}
  }
}
