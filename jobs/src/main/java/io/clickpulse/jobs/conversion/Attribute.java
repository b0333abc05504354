package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The conversion stage (issue #18 item 2, docs/conversions.md): conversions → visitor hash → (click
 * id → visitor, when only a click id came) → per visitor, attribution to the recent qualifying
 * clicks; or, known by CRM contact only, per contact to the clicks that carry the contact → {@link
 * AttributedConversion} rows for ClickHouse {@code conversions}. Reads the enriched clicks and
 * writes nothing to the click path.
 */
public final class Attribute {
  /** The operators' uids; see docs/deployment.md before changing them. */
  public static final String UID_HUMAN_CLICKS = "conversion-human-clicks";

  public static final String UID_IDENTIFY = "conversion-identify-visitors";
  public static final String UID_ROUTE = "conversion-route";
  public static final String UID_RESOLVE = "conversion-resolve-click-ids";
  public static final String UID_ROUTE_RESOLVED = "conversion-route-resolved";
  public static final String UID_ATTRIBUTE = "conversion-attribute";
  public static final String UID_CONTACT_CLICKS = "conversion-contact-clicks";
  public static final String UID_ATTRIBUTE_CONTACTS = "conversion-attribute-contacts";

  private Attribute() {}

  /**
   * Adds the stage for {@code clicks} (enriched, bots marked: pass the stream after client-pattern
   * detection so that behavioural bots do not earn credit) and {@code conversions} (valid, with
   * event-time timestamps, e.g. from {@link ConversionSource#read}); the visitor hash keyed with
   * {@code visitorHashSecret}, the clicks' secret.
   */
  public static DataStream<AttributedConversion> apply(
      DataStream<EnrichedClick> clicks,
      DataStream<ConversionEvent> conversions,
      ConversionSettings settings,
      Secret visitorHashSecret) {
    SingleOutputStreamOperator<AttributionClick> human =
        clicks
            .flatMap(
                (FlatMapFunction<EnrichedClick, AttributionClick>)
                    (e, out) -> {
                      AttributionClick c = AttributionClick.of(e);
                      if (c.qualifies()) {
                        out.collect(c);
                      }
                    })
            .returns(AttributionClick.class)
            .name("conversion-human-clicks")
            .uid(UID_HUMAN_CLICKS);
    SingleOutputStreamOperator<ConversionEvent> routed =
        conversions
            .process(new IdentifyVisitors(visitorHashSecret))
            .name("conversion-identify-visitors")
            .uid(UID_IDENTIFY)
            .process(new RouteConversions(settings.resolveClickIds()))
            .name("conversion-route")
            .uid(UID_ROUTE);
    DataStream<ConversionEvent> withVisitor = routed;
    DataStream<ConversionEvent> byContact = routed.getSideOutput(RouteConversions.BY_CONTACT);
    DataStream<AttributedConversion> unattributed =
        routed.getSideOutput(RouteConversions.UNATTRIBUTED);
    if (settings.resolveClickIds()) {
      SingleOutputStreamOperator<ConversionEvent> resolved =
          human
              .keyBy(c -> c.clickId, Types.STRING)
              .connect(
                  routed
                      .getSideOutput(RouteConversions.BY_CLICK_ID)
                      .keyBy(c -> c.clickId, Types.STRING))
              .process(new ResolveClickIds(settings.clickRetention(), settings.grace()))
              .name("conversion-resolve-click-ids")
              .uid(UID_RESOLVE)
              // Resolved or not: the index is not asked twice.
              .process(new RouteConversions(false))
              .name("conversion-route-resolved")
              .uid(UID_ROUTE_RESOLVED);
      withVisitor = routed.union(resolved);
      byContact = byContact.union(resolved.getSideOutput(RouteConversions.BY_CONTACT));
      unattributed = unattributed.union(resolved.getSideOutput(RouteConversions.UNATTRIBUTED));
    }
    // A visitor without a qualifying click who names a contact converted on another device: on to
    // the contact's clicks.
    SingleOutputStreamOperator<AttributedConversion> attributed =
        human
            .keyBy(c -> c.visitorId, Types.LONG)
            .connect(withVisitor.keyBy(c -> c.visitorId, Types.LONG))
            .process(new AttributeConversions<Long>(settings, RouteConversions.BY_CONTACT))
            .returns(AttributedConversion.class)
            .name("conversion-attribute")
            .uid(UID_ATTRIBUTE);
    byContact = byContact.union(attributed.getSideOutput(RouteConversions.BY_CONTACT));
    // Only clicks that name a contact (links made for one, custom.contact_id) are kept here: the
    // state is per contact, not per visitor, and a contact's clicks from every device meet.
    SingleOutputStreamOperator<AttributedConversion> attributedByContact =
        human
            .filter(c -> !c.contactId.isEmpty())
            .name("conversion-contact-clicks")
            .uid(UID_CONTACT_CLICKS)
            .keyBy(c -> c.contactId, Types.STRING)
            .connect(byContact.keyBy(c -> c.contactId, Types.STRING))
            .process(new AttributeConversions<String>(settings))
            .returns(AttributedConversion.class)
            .name("conversion-attribute-contacts")
            .uid(UID_ATTRIBUTE_CONTACTS);
    return attributed.union(attributedByContact, unattributed);
  }
}
