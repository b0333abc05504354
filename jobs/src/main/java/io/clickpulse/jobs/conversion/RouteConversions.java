package io.clickpulse.jobs.conversion;

import io.clickpulse.udf.conversion.ConversionEvent;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Where a conversion goes next: with a known visitor, on to attribution by visitor (main output);
 * else with a click id, to the click-id index when it is on ({@link #BY_CLICK_ID}); else with a
 * contact id (none given, or a click that never came), to attribution by contact ({@link
 * #BY_CONTACT}, which also takes visitors without a qualifying click from {@link
 * AttributeConversions}); with none of these, straight to a {@code none} row ({@link
 * #UNATTRIBUTED}).
 */
public class RouteConversions extends ProcessFunction<ConversionEvent, ConversionEvent> {
  public static final OutputTag<ConversionEvent> BY_CLICK_ID =
      new OutputTag<>("conversions-by-click-id") {};

  public static final OutputTag<ConversionEvent> BY_CONTACT =
      new OutputTag<>("conversions-by-contact") {};

  public static final OutputTag<AttributedConversion> UNATTRIBUTED =
      new OutputTag<>("conversions-unattributed") {};

  private final boolean resolveClickIds;

  public RouteConversions(boolean resolveClickIds) {
    this.resolveClickIds = resolveClickIds;
  }

  @Override
  public void processElement(ConversionEvent e, Context ctx, Collector<ConversionEvent> out) {
    if (e.visitorId != null) {
      out.collect(e);
    } else if (resolveClickIds && e.clickId != null) {
      ctx.output(BY_CLICK_ID, e);
    } else if (e.contactId != null) {
      ctx.output(BY_CONTACT, e);
    } else {
      long watermark = ctx.timerService().currentWatermark();
      ctx.output(
          UNATTRIBUTED, AttributedConversion.unattributed(e, Math.max(watermark, e.eventTime)));
    }
  }
}
