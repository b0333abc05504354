package io.clickpulse.jobs.alert;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Puts each episode's alerts in order, keyed by alert id: the firing one, then the resolved one.
 * They come from two CEP operators (an {@link Episode}'s onset and end patterns) that nothing
 * orders, so when the watermark passes both minutes at once (a job catching up, the end of the
 * input) the resolution may arrive first.
 *
 * <p>A firing alert passes at once. A resolved one is held until its firing has passed: until the
 * firing arrives (both go out, in order), or else until the watermark passes the resolution's
 * timestamp. By then the firing has passed, because it is never later in event time (it is stamped
 * with the minute that completed the onset, a minute of the run the resolution ends), and the onset
 * operator emits it before it forwards a watermark past that minute. State exists only while a
 * resolution is held, with one timer.
 */
public class OrderEpisodeAlerts extends KeyedProcessFunction<String, Alert, Alert> {
  private transient ValueState<Alert> held;
  private transient ValueState<Long> releaseAt;

  @Override
  public void open(OpenContext openContext) {
    held = getRuntimeContext().getState(new ValueStateDescriptor<>("held-resolution", Alert.class));
    releaseAt = getRuntimeContext().getState(new ValueStateDescriptor<>("held-until", Long.class));
  }

  @Override
  public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
    if ("firing".equals(alert.status)) {
      out.collect(alert);
      Alert resolution = held.value();
      if (resolution != null) {
        out.collect(resolution);
        ctx.timerService().deleteEventTimeTimer(releaseAt.value());
        held.clear();
        releaseAt.clear();
      }
      return;
    }
    long timestamp = ctx.timestamp();
    held.update(alert);
    releaseAt.update(timestamp);
    ctx.timerService().registerEventTimeTimer(timestamp);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
    out.collect(held.value());
    held.clear();
    releaseAt.clear();
  }
}
