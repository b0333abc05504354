package io.clickpulse.jobs.conversion;

import io.clickpulse.udf.conversion.Attribution;
import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Per person (key {@code K}: the keyed visitor hash, or the CRM contact id for conversions known by
 * contact only): the person's recent qualifying clicks (input 1) and the conversions to attribute
 * to them (input 2), one {@link AttributedConversion} row per credit.
 *
 * <p>Event time decides. A conversion is attributed once the watermark has passed its time plus
 * {@code grace}: clicks before it (even a little late) have arrived by then, so a conversion that
 * arrives before its click waits for it. A conversion that arrives after that (days late: a deal
 * closed in the CRM) is attributed at once from the clicks kept.
 *
 * <p>State is bounded per visitor and by time: at most {@code maxClicksPerVisitor} clicks, each
 * kept until the watermark is {@code window + maxDelay} past it, by one event-time timer per key
 * (at the oldest click's expiry); waiting conversions have a timer each. When both are done, the
 * key holds nothing.
 */
public class AttributeConversions<K>
    extends KeyedCoProcessFunction<K, AttributionClick, ConversionEvent, AttributedConversion> {
  private final Attribution attribution;
  private final int maxClicks;
  private final long maxDelay;
  private final long retention;
  private final long grace;
  private final OutputTag<ConversionEvent> toContact;

  private transient ListState<AttributionClick> clicks;
  private transient ListState<ConversionEvent> waiting;
  private transient ValueState<Long> cleanupAt;

  public AttributeConversions(ConversionSettings settings) {
    this(settings, null);
  }

  /**
   * With {@code toContact}, a conversion that finds no qualifying click here but names a contact
   * goes to that side output (for attribution by contact: the visitor converted on another device)
   * instead of becoming a {@code none} row.
   */
  public AttributeConversions(ConversionSettings settings, OutputTag<ConversionEvent> toContact) {
    this.toContact = toContact;
    this.attribution = new Attribution(settings.window(), settings.maxAssisted());
    this.maxClicks = settings.maxClicksPerVisitor();
    this.maxDelay = settings.maxDelay().toMillis();
    this.retention = settings.clickRetention().toMillis();
    this.grace = settings.grace().toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    clicks =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("clicks", AttributionClick.class));
    waiting =
        getRuntimeContext()
            .getListState(new ListStateDescriptor<>("waiting", ConversionEvent.class));
    cleanupAt = getRuntimeContext().getState(new ValueStateDescriptor<>("cleanup-at", Long.class));
  }

  @Override
  public void processElement1(
      AttributionClick click, Context ctx, Collector<AttributedConversion> out) throws Exception {
    if (!click.qualifies()) {
      return;
    }
    List<AttributionClick> kept = new ArrayList<>();
    clicks.get().forEach(kept::add);
    kept.add(click);
    // A click too old for any conversion still to come falls out here at once.
    kept =
        attribution.retain(
            kept, earliestConversion(ctx.timerService().currentWatermark()), maxClicks);
    store(kept, ctx);
  }

  @Override
  public void processElement2(
      ConversionEvent conversion, Context ctx, Collector<AttributedConversion> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    if (conversion.eventTime + grace <= watermark) {
      attribute(conversion, watermark, ctx, out);
    } else {
      waiting.add(conversion);
      ctx.timerService().registerEventTimeTimer(conversion.eventTime + grace);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<AttributedConversion> out)
      throws Exception {
    long watermark = ctx.timerService().currentWatermark();
    List<ConversionEvent> stillWaiting = new ArrayList<>();
    boolean attributed = false;
    for (ConversionEvent conversion : waiting.get()) {
      if (conversion.eventTime + grace <= timestamp) {
        attribute(conversion, watermark, ctx, out);
        attributed = true;
      } else {
        stillWaiting.add(conversion);
      }
    }
    if (attributed && stillWaiting.isEmpty()) {
      waiting.clear();
    } else if (attributed) {
      waiting.update(stillWaiting);
    }
    Long at = cleanupAt.value();
    if (at != null && timestamp >= at) {
      cleanupAt.clear();
      List<AttributionClick> kept = new ArrayList<>();
      clicks.get().forEach(kept::add);
      store(attribution.retain(kept, earliestConversion(watermark), maxClicks), ctx);
    }
  }

  private void attribute(
      ConversionEvent conversion, long at, Context ctx, Collector<AttributedConversion> out)
      throws Exception {
    List<AttributionClick> kept = new ArrayList<>();
    clicks.get().forEach(kept::add);
    List<Attribution.Credit> credits = attribution.attribute(conversion, kept);
    if (credits.isEmpty() && toContact != null && conversion.contactId != null) {
      ctx.output(toContact, conversion);
    } else if (credits.isEmpty()) {
      out.collect(AttributedConversion.unattributed(conversion, at));
      return;
    }
    for (int slot = 0; slot < credits.size(); slot++) {
      out.collect(AttributedConversion.credited(conversion, credits.get(slot), slot, at));
    }
  }

  /** The clicks, and one timer at the oldest one's expiry (or nothing when none is left). */
  private void store(List<AttributionClick> kept, Context ctx) throws Exception {
    if (kept.isEmpty()) {
      clicks.clear();
      Long at = cleanupAt.value();
      if (at != null) {
        ctx.timerService().deleteEventTimeTimer(at);
        cleanupAt.clear();
      }
      return;
    }
    clicks.update(kept);
    // kept is ordered by time: the first click expires first.
    long expiry = kept.get(0).eventTime + retention + 1;
    Long at = cleanupAt.value();
    if (at == null || expiry < at) {
      if (at != null) {
        ctx.timerService().deleteEventTimeTimer(at);
      }
      ctx.timerService().registerEventTimeTimer(expiry);
      cleanupAt.update(expiry);
    }
  }

  /** The earliest conversion time still to be expected at {@code watermark}: max-delay before. */
  private long earliestConversion(long watermark) {
    return watermark < Long.MIN_VALUE + maxDelay ? Long.MIN_VALUE : watermark - maxDelay;
  }
}
