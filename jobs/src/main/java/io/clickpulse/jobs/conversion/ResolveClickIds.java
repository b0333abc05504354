package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per click id: which visitor made the click (input 1, qualifying clicks only), so that a
 * conversion that carries only a {@code click_id} (input 2) finds its visitor and goes on to {@link
 * AttributeConversions} with it. Conversions out unchanged but for {@code visitorId}; null when the
 * click never came (or was a bot's, or expired).
 *
 * <p>The index costs one small entry (a long) per human click for {@code retention}, expired by
 * state TTL without a timer per click (processing time, {@link KeyedState}). A conversion that
 * arrives before its click waits, with an event-time timer, until the watermark passes its time
 * plus {@code grace}.
 */
public class ResolveClickIds
    extends KeyedCoProcessFunction<String, AttributionClick, ConversionEvent, ConversionEvent> {
  private final Duration retention;
  private final long grace;

  private transient ValueState<Long> visitor;
  private transient ListState<ConversionEvent> waiting;

  public ResolveClickIds(Duration retention, Duration grace) {
    this.retention = retention;
    this.grace = grace.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<Long> visitorDescriptor =
        new ValueStateDescriptor<>("visitor", Long.class);
    visitorDescriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(retention));
    visitor = getRuntimeContext().getState(visitorDescriptor);
    waiting =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("waiting", ConversionEvent.class));
  }

  @Override
  public void processElement1(AttributionClick click, Context ctx, Collector<ConversionEvent> out)
      throws Exception {
    if (!click.qualifies()) {
      return;
    }
    visitor.update(click.visitorId);
    for (ConversionEvent conversion : waiting.get()) {
      ctx.timerService().deleteEventTimeTimer(conversion.eventTime + grace);
      conversion.visitorId = click.visitorId;
      out.collect(conversion);
    }
    waiting.clear();
  }

  @Override
  public void processElement2(
      ConversionEvent conversion, Context ctx, Collector<ConversionEvent> out) throws Exception {
    Long known = visitor.value();
    if (known != null) {
      conversion.visitorId = known;
      out.collect(conversion);
    } else if (conversion.eventTime + grace <= ctx.timerService().currentWatermark()) {
      // Its click should have come by now: on, unresolved, to be kept as unattributed.
      out.collect(conversion);
    } else {
      waiting.add(conversion);
      ctx.timerService().registerEventTimeTimer(conversion.eventTime + grace);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<ConversionEvent> out)
      throws Exception {
    List<ConversionEvent> stillWaiting = new ArrayList<>();
    for (ConversionEvent conversion : waiting.get()) {
      if (conversion.eventTime + grace <= timestamp) {
        out.collect(conversion);
      } else {
        stillWaiting.add(conversion);
      }
    }
    if (stillWaiting.isEmpty()) {
      waiting.clear();
    } else {
      waiting.update(stillWaiting);
    }
  }
}
