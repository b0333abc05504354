package io.clickpulse.jobs.conversion;

import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.conversion.ConversionType;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

/** Clicks and conversions of a few visitors, as the stage's operators see them. */
final class ConversionsForTest {
  /** 2026-12-01T10:00:00Z. */
  static final long T0 = Instant.parse("2026-12-01T10:00:00Z").toEpochMilli();

  static final long MINUTE = 60_000L;
  static final long DAY = 24 * 60 * MINUTE;

  /** 30-day window, 2 assists, at most 5 clicks per visitor, 7 days' delay, 1 minute's grace. */
  static final ConversionSettings SETTINGS =
      new ConversionSettings(
          "conversions",
          Duration.ofDays(30),
          2,
          5,
          Duration.ofDays(7),
          Duration.ofMinutes(1),
          true);

  private ConversionsForTest() {}

  static AttributionClick click(String id, long visitor, long time, String link) {
    AttributionClick c = new AttributionClick();
    c.clickId = id;
    c.visitorId = visitor;
    c.eventTime = time;
    c.linkId = link;
    c.campaignId = "cmp-" + link;
    c.channel = "email";
    c.utmSource = "newsletter";
    c.utmMedium = "email";
    c.utmCampaign = "winter-sale";
    return c;
  }

  static AttributionClick bot(String id, long visitor, long time, String link) {
    AttributionClick c = click(id, visitor, time, link);
    c.isBot = true;
    return c;
  }

  static AttributionClick test(String id, long visitor, long time, String link) {
    AttributionClick c = click(id, visitor, time, link);
    c.isTest = true;
    return c;
  }

  static ConversionEvent sale(String id, Long visitor, long time, String amount) {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = id;
    e.type = ConversionType.SALE;
    e.eventTime = time;
    e.visitorId = visitor;
    e.amount = new BigDecimal(amount);
    e.currency = "EUR";
    return e;
  }

  static ConversionEvent byClick(String id, String clickId, long time) {
    ConversionEvent e = new ConversionEvent();
    e.conversionId = id;
    e.type = ConversionType.SIGNUP;
    e.eventTime = time;
    e.clickId = clickId;
    return e;
  }

  /** "conversion slot model click weight": what the table's key and credit say. */
  static String row(AttributedConversion r) {
    return r.conversionId
        + " "
        + r.slot
        + " "
        + r.model
        + " "
        + (r.clickId == null ? "-" : r.clickId)
        + " "
        + r.weight;
  }
}
