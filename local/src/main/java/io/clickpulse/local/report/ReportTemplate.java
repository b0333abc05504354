package io.clickpulse.local.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The page template ({@code report.html} with {@code {{slot}}} placeholders) and its stylesheet and
 * renderer, inlined so that the report is one file that needs no network.
 */
final class ReportTemplate {
  private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

  private ReportTemplate() {}

  /**
   * The page with every slot filled in one pass: filled-in values are not scanned again, so data
   * that happens to contain {@code {{...}}} stays as it is. A slot without a value is a bug.
   */
  static String fill(Map<String, String> values) {
    Matcher slot = SLOT.matcher(resource("report.html"));
    StringBuilder page = new StringBuilder();
    while (slot.find()) {
      String name = slot.group(1);
      String value =
          switch (name) {
            case "css" -> resource("report.css");
            case "js" -> resource("report.js");
            default -> values.get(name);
          };
      if (value == null) {
        throw new IllegalStateException("No value for the template slot " + name);
      }
      slot.appendReplacement(page, Matcher.quoteReplacement(value));
    }
    slot.appendTail(page);
    return page.toString();
  }

  private static String resource(String name) {
    try (InputStream in = ReportTemplate.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing resource " + name + " next to ReportTemplate");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
