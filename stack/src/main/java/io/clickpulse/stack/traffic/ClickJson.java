package io.clickpulse.stack.traffic;

import java.nio.charset.StandardCharsets;

/**
 * Writes a {@link SimulatedClick} as the JSON event of docs/events.md, directly into a reused
 * buffer, without a Jackson tree per record: the model makes millions. Not thread-safe.
 */
final class ClickJson {
  private static final String OVERSIZED_AGENT = "x".repeat(Defect.OVERSIZED_LENGTH);
  private static final String HEX = "0123456789abcdef";

  private final StringBuilder out = new StringBuilder(1024);

  /** The click as a valid event with {@code eventTime}. */
  byte[] write(SimulatedClick click, long eventTime) {
    return write(click, eventTime, null, "");
  }

  /**
   * The click with {@code eventTime}, broken by {@code defect} (null: none) and with {@code
   * destinationSuffix} appended to its destination URL (a conflicting repeat's change).
   */
  byte[] write(SimulatedClick click, long eventTime, Defect defect, String destinationSuffix) {
    if (defect == Defect.NOT_JSON) {
      return Defect.NOT_JSON_TEXT.getBytes(StandardCharsets.UTF_8);
    }
    LinkSpace.Link link = click.link();
    out.setLength(0);
    out.append('{');
    text("event_id", click.eventId());
    if (defect == Defect.TIME_AS_TEXT) {
      text("event_time", Defect.TIME_TEXT);
    } else {
      number("event_time", eventTime);
    }
    if (defect != Defect.MISSING_LINK_ID) {
      text("link_id", link.id());
    }
    text("short_url", link.shortUrl());
    text(
        "destination_url",
        defect == Defect.BROKEN_URL
            ? Defect.BROKEN_URL_TEXT
            : link.destinationUrl() + destinationSuffix);
    if (link.utmSource() != null) {
      text("utm_source", link.utmSource());
      text("utm_medium", link.utmMedium());
      text("utm_campaign", link.campaign().name());
      if (link.utmContent() != null) {
        text("utm_content", link.utmContent());
      }
    }
    if (link.campaign() != null) {
      text("campaign_id", link.campaign().id());
      text("campaign_owner", link.campaign().owner());
      text("channel", link.campaign().channel());
    } else {
      text("channel", "direct");
    }
    text("referrer", click.referrer());
    text("user_agent", defect == Defect.OVERSIZED ? OVERSIZED_AGENT : click.visitor().userAgent());
    text("ip", defect == Defect.BAD_IP ? Defect.BAD_IP_TEXT : click.visitor().ip());
    text("http_method", click.httpMethod());
    number("redirect_status", click.redirectStatus());
    text("country", click.visitor().country());
    name("is_test");
    out.append(click.test());
    name("custom");
    out.append('{');
    text("ab_group", click.abGroup());
    out.append("}}");
    String json = out.toString();
    if (defect == Defect.TRUNCATED) {
      json = json.substring(0, json.length() / 2);
    }
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private void text(String name, String value) {
    name(name);
    out.append('"');
    int plain = 0;
    while (plain < value.length() && !needsEscape(value.charAt(plain))) {
      plain++;
    }
    if (plain == value.length()) {
      out.append(value).append('"');
      return;
    }
    out.append(value, 0, plain);
    for (int i = plain; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append("\\u00").append(HEX.charAt(c >> 4)).append(HEX.charAt(c & 15));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  private static boolean needsEscape(char c) {
    return c < 0x20 || c == '"' || c == '\\';
  }

  private void number(String name, long value) {
    name(name);
    out.append(value);
  }

  private void name(String name) {
    char last = out.charAt(out.length() - 1);
    if (last != '{') {
      out.append(',');
    }
    out.append('"').append(name).append("\":");
  }
}
