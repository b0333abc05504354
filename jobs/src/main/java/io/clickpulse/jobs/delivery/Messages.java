package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The bodies sent for an alert: a Slack Block Kit message, or a Standard Webhooks payload. */
public final class Messages {
  /** Slack's limits: header text, section text, fields per section and field text. */
  static final int HEADER_MAX = 150;

  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;
  static final int FIELDS_MAX = 10;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private Messages() {}

  /** A Block Kit message a marketer can act on, with plain fallback text for notifications. */
  public static String slack(Alert a) {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", truncate(escape(fallback(a)), SECTION_MAX));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", truncate(title(a), HEADER_MAX));
    section(blocks, escape(a.reason));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    for (String[] fact : facts(a)) {
      field(fields, fact[0], fact[1]);
    }
    String evidence = evidence(a);
    if (!evidence.isEmpty()) {
      ObjectNode context = blocks.addObject().put("type", "context");
      context
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", truncate(evidence, SECTION_MAX));
    }
    if (a.dashboardUrl != null && !a.dashboardUrl.isEmpty()) {
      ObjectNode button =
          blocks.addObject().put("type", "actions").putArray("elements").addObject();
      button.put("type", "button").put("url", a.dashboardUrl);
      button.putObject("text").put("type", "plain_text").put("text", "Open dashboard");
    }
    return message.toString();
  }

  /**
   * One alert's key facts as (name, plain value) pairs in display order, at most {@link
   * #FIELDS_MAX}: the section fields of its Slack message, and what a grouped message lists per
   * alert. Values are not escaped ({@link #field} does). A campaign or client alert names its top
   * links where a link alert names its link.
   */
  static List<String[]> facts(Alert a) {
    AlertContext c = a.context == null ? new AlertContext() : a.context;
    List<String[]> facts = new ArrayList<>();
    if ("campaign".equals(a.subjectType) && c.topLinks.isEmpty()) {
      facts.add(fact("Top links", "none clicked in the window")); // a drop to zero
    } else if (c.topLinks.isEmpty() || "link".equals(a.subjectType)) {
      facts.add(fact("Link", link(a.linkId, c.shortUrl, c.destinationUrl)));
    } else {
      facts.add(fact("Top links", topLinks(c.topLinks)));
    }
    String campaign = a.campaignId == null ? "" : a.campaignId;
    if (!c.campaignName.isEmpty()) {
      campaign = c.campaignName + " (" + campaign + ")";
    }
    facts.add(fact("Campaign", campaign));
    String utm = utm(c);
    if (!utm.isEmpty()) {
      facts.add(fact("UTM", utm));
    }
    facts.add(fact("Observed", format(a.observed)));
    facts.add(fact("Expected", format(a.expected)));
    facts.add(
        fact(
            "Window",
            TIME.format(Instant.ofEpochMilli(a.windowStart))
                + " to "
                + TIME.format(Instant.ofEpochMilli(a.windowEnd))
                + " UTC"));
    if (c.clicks > 0) {
      String clicks = c.clicks + " (" + percent(c.humanShare) + " human";
      clicks += c.baseline > 0 ? ", baseline " + format(c.baseline) + "/min)" : ")";
      facts.add(fact("Clicks", clicks));
    }
    if (c.failingClicks > 0) {
      facts.add(fact("Failing", failing(c)));
    }
    facts.add(fact("Owner", a.owner));
    return facts.size() > FIELDS_MAX ? facts.subList(0, FIELDS_MAX) : facts;
  }

  /**
   * The alert's supporting details as one escaped mrkdwn line: top referrers and countries over the
   * window, then the evidence the context does not already show.
   */
  static String evidence(Alert a) {
    AlertContext c = a.context == null ? new AlertContext() : a.context;
    StringBuilder text = new StringBuilder();
    if (!c.topReferrers.isEmpty()) {
      append(text, "Referrers", join(c.topReferrers));
    }
    if (!c.topCountries.isEmpty()) {
      append(text, "Countries", join(c.topCountries));
    }
    for (Map.Entry<String, String> e : a.evidence.entrySet()) {
      boolean shown =
          ("top_referrers".equals(e.getKey()) && !c.topReferrers.isEmpty())
              || ("top_countries".equals(e.getKey()) && !c.topCountries.isEmpty());
      if (!shown) {
        append(text, e.getKey(), e.getValue());
      }
    }
    return text.toString().strip();
  }

  private static void append(StringBuilder text, String name, String value) {
    text.append("*").append(escape(name)).append("*: ").append(escape(value)).append("   ");
  }

  private static String[] fact(String name, String value) {
    return new String[] {name, value == null ? "" : value};
  }

  /** "l-1 https://sho.rt/a → https://shop.example/x" or as much of it as is known. */
  private static String link(String linkId, String shortUrl, String destinationUrl) {
    StringBuilder text = new StringBuilder(linkId == null ? "" : linkId);
    if (!shortUrl.isEmpty()) {
      text.append(text.length() > 0 ? " " : "").append(shortUrl);
    }
    if (!destinationUrl.isEmpty()) {
      text.append(" → ").append(destinationUrl);
    }
    return text.toString().strip();
  }

  private static String topLinks(List<AlertContext.LinkCount> links) {
    StringBuilder text = new StringBuilder();
    for (AlertContext.LinkCount l : links) {
      text.append(text.length() > 0 ? "\n" : "")
          .append(link(l.linkId, l.shortUrl, ""))
          .append(": ")
          .append(l.clicks);
      if (!l.utmSource.isEmpty() || !l.utmMedium.isEmpty()) {
        text.append(" (").append(l.utmSource).append(" / ").append(l.utmMedium).append(")");
      }
    }
    return text.toString();
  }

  /** "newsletter / email / spring-sale · email", leaving out what is unknown. */
  private static String utm(AlertContext c) {
    String sourceMedium =
        c.utmSource.isEmpty() && c.utmMedium.isEmpty() ? "" : c.utmSource + " / " + c.utmMedium;
    String text =
        sourceMedium.isEmpty() || c.utmCampaign.isEmpty()
            ? sourceMedium + c.utmCampaign
            : sourceMedium + " / " + c.utmCampaign;
    return c.channel.isEmpty() ? text : text.isEmpty() ? c.channel : text + " · " + c.channel;
  }

  /** "9 of 30 clicks (30%): 502=7, 404=2 → https://shop.example/x". */
  private static String failing(AlertContext c) {
    String text = c.failingClicks + " of " + c.clicks + " clicks (" + percent(c.failingShare) + ")";
    if (!c.statusCodes.isEmpty()) {
      text += ": " + c.statusCodes.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
    if (!c.failingDestinations.isEmpty()) {
      text +=
          " → " + c.failingDestinations.stream().map(d -> d.name).collect(Collectors.joining(", "));
    }
    return text;
  }

  private static String join(List<AlertContext.Count> counts) {
    return counts.stream().map(Object::toString).collect(Collectors.joining(", "));
  }

  private static String percent(double share) {
    return Math.round(share * 100) + "%";
  }

  /** The Standard Webhooks body: {@code {type, timestamp, data}}. */
  public static String webhook(Alert a, long sentAtMillis) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "alert." + a.status);
    body.put("timestamp", Instant.ofEpochMilli(sentAtMillis).toString());
    body.set("data", Json.MAPPER.valueToTree(a));
    return body.toString();
  }

  static String title(Alert a) {
    String icon =
        "resolved".equals(a.status)
            ? "✅"
            : "critical".equals(a.severity) ? "🔴" : "warning".equals(a.severity) ? "🟠" : "🔵";
    return icon
        + " "
        + a.rule.replace('_', ' ')
        + " on "
        + a.subjectType
        + " "
        + a.subjectId
        + " ("
        + a.status
        + ")";
  }

  static String fallback(Alert a) {
    return title(a) + ": " + a.reason;
  }

  private static void section(ArrayNode blocks, String markdown) {
    blocks
        .addObject()
        .put("type", "section")
        .putObject("text")
        .put("type", "mrkdwn")
        .put("text", truncate(markdown, SECTION_MAX));
  }

  private static void field(ArrayNode fields, String name, String value) {
    String text = value == null || value.isEmpty() ? "-" : escape(value);
    fields
        .addObject()
        .put("type", "mrkdwn")
        .put("text", truncate("*" + name + "*\n" + text, FIELD_MAX));
  }

  private static String format(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.format("%.1f", value);
  }

  /** Slack mrkdwn control characters; user-controlled values must not become links or mentions. */
  static String escape(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }
}
