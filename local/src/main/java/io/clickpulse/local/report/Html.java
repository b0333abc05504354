package io.clickpulse.local.report;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Escaping and the few formats the report's server-side HTML uses. */
final class Html {
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Html() {}

  /** Text safe in element content and in quoted attribute values; null becomes empty. */
  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A table cell with escaped text. */
  static String cell(String text) {
    return "<td>" + escape(text) + "</td>";
  }

  static String clock(Instant instant) {
    return instant == null ? "?" : CLOCK.format(instant);
  }

  static String dateTime(Instant instant) {
    return DATE_TIME.format(instant);
  }

  /** A time window as clock times, e.g. {@code 09:12:00 – 09:14:00}. */
  static String window(Instant from, Instant to) {
    return clock(from) + " – " + clock(to);
  }

  /** Seconds with one decimal, or a dash when it did not happen. */
  static String seconds(Duration duration) {
    return duration == null
        ? "—"
        : String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
  }
}
