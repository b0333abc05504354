package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.json.Json;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** The bodies sent for an alert: a Slack Block Kit message, or a Standard Webhooks payload. */
public final class Messages {
  /** Slack's limits: header text, section text, fields per section and field text. */
  static final int HEADER_MAX = 150;

  static final int SECTION_MAX = 3000;
  static final int FIELD_MAX = 2000;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

  private Messages() {}

  /** A Block Kit message a marketer can act on, with plain fallback text for notifications. */
  public static String slack(Alert a) {
    ObjectNode message = Json.MAPPER.createObjectNode();
    message.put("text", truncate(fallback(a), SECTION_MAX));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header.putObject("text").put("type", "plain_text").put("text", truncate(title(a), HEADER_MAX));
    section(blocks, escape(a.reason));
    ObjectNode facts = blocks.addObject().put("type", "section");
    ArrayNode fields = facts.putArray("fields");
    field(fields, "Link", a.linkId);
    field(fields, "Campaign", a.campaignId);
    field(fields, "Observed", format(a.observed));
    field(fields, "Expected", format(a.expected));
    field(
        fields,
        "Window",
        TIME.format(Instant.ofEpochMilli(a.windowStart))
            + " to "
            + TIME.format(Instant.ofEpochMilli(a.windowEnd))
            + " UTC");
    field(fields, "Owner", a.owner);
    StringBuilder evidence = new StringBuilder();
    for (Map.Entry<String, String> e : a.evidence.entrySet()) {
      evidence
          .append("*")
          .append(escape(e.getKey()))
          .append("*: ")
          .append(escape(e.getValue()))
          .append("   ");
    }
    if (evidence.length() > 0) {
      ObjectNode context = blocks.addObject().put("type", "context");
      context
          .putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", truncate(evidence.toString().strip(), SECTION_MAX));
    }
    if (a.dashboardUrl != null && !a.dashboardUrl.isEmpty()) {
      ObjectNode button =
          blocks.addObject().put("type", "actions").putArray("elements").addObject();
      button.put("type", "button").put("url", a.dashboardUrl);
      button.putObject("text").put("type", "plain_text").put("text", "Open dashboard");
    }
    return message.toString();
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
