package io.clickpulse.jobs.link;

import io.clickpulse.udf.event.ValidationLimits;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkEventParser;
import io.clickpulse.udf.link.LinkParseResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Link events as the shortener would send them, parsed by the real parser. */
public final class LinkEventsForTest {
  static final long T0 = Instant.parse("2026-12-05T20:00:00Z").toEpochMilli();

  private static final LinkEventParser PARSER = new LinkEventParser(ValidationLimits.DEFAULTS);

  private LinkEventsForTest() {}

  /** The JSON of a link event; {@code extra} is more JSON fields, e.g. {@code "qr_code_id":"q"}. */
  static String json(
      String type, String linkId, long version, long time, String destination, String extra) {
    StringBuilder b = new StringBuilder("{");
    b.append("\"event_id\":\"").append(linkId).append("-v").append(version).append("\"");
    b.append(",\"type\":\"").append(type).append("\"");
    b.append(",\"event_time\":").append(time);
    b.append(",\"link_id\":\"").append(linkId).append("\"");
    b.append(",\"version\":").append(version);
    if (destination != null) {
      b.append(",\"short_url\":\"https://go.acme.com/").append(linkId).append("\"");
      b.append(",\"destination_url\":\"").append(destination).append("\"");
    }
    if (extra != null && !extra.isEmpty()) {
      b.append(",").append(extra);
    }
    return b.append("}").toString();
  }

  static LinkEvent parse(String json) {
    LinkParseResult r = PARSER.parse(json.getBytes(StandardCharsets.UTF_8), T0 + 86_400_000L);
    return r.event();
  }

  /** A complete, clean campaign link of Maria's. */
  static final String CLEAN =
      "\"utm_source\":\"newsletter\",\"utm_medium\":\"email\",\"utm_campaign\":\"winter-sale\","
          + "\"campaign_id\":\"cmp-winter\",\"campaign_name\":\"Winter sale 2026\","
          + "\"owner\":\"maria.jansen@acme.com\"";

  /** A campaign link without any UTM value. */
  static final String NO_UTM =
      "\"campaign_id\":\"cmp-winter\",\"campaign_name\":\"Winter sale 2026\","
          + "\"owner\":\"maria.jansen@acme.com\"";

  static LinkEvent created(
      String linkId, long version, long time, String destination, String extra) {
    return parse(json("created", linkId, version, time, destination, extra));
  }

  static LinkEvent updated(
      String linkId, long version, long time, String destination, String extra) {
    return parse(json("updated", linkId, version, time, destination, extra));
  }

  static LinkEvent deleted(String linkId, long version, long time) {
    return parse(json("deleted", linkId, version, time, null, null));
  }

  static LinkEvent expiryScheduled(String linkId, long version, long time, long expiresAt) {
    return parse(
        json("expiry_scheduled", linkId, version, time, null, "\"expires_at\":" + expiresAt));
  }
}
