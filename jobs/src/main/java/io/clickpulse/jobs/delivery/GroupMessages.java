package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.json.Json;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * The bodies sent for a group notification: one Slack Block Kit message listing the group's alerts,
 * or a Standard Webhooks payload shaped like Alertmanager's ({@code docs/schemas/webhook-v1}).
 */
public final class GroupMessages {
  /** Slack allows 50 blocks a message: header, labels, the alerts and the "more" line fit. */
  static final int SLACK_ALERTS_MAX = 40;

  /** The payload version in {@code data.version}; the schema's name carries it too. */
  public static final String VERSION = "1";

  private GroupMessages() {}

  /**
   * A group of one alert reads as that alert's own message; a larger group gets a header, its
   * labels, one section per listed alert with its key facts, and how many more there are.
   */
  public static String slack(GroupNotice g) {
    if (g.alerts.size() == 1 && g.truncatedAlerts == 0) {
      return Messages.slack(g.alerts.get(0));
    }
    int listed = Math.min(g.alerts.size(), SLACK_ALERTS_MAX);
    long more = g.truncatedAlerts + g.alerts.size() - listed;
    ObjectNode message = Json.MAPPER.createObjectNode();
    String title = title(g);
    message.put("text", Messages.truncate(Messages.escape(title), Messages.SECTION_MAX));
    ArrayNode blocks = message.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put("text", Messages.truncate(title, Messages.HEADER_MAX));
    String labels =
        g.labels.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> "*" + e.getKey() + "*: " + Messages.escape(e.getValue()))
            .collect(Collectors.joining("   "));
    if (!labels.isEmpty()) {
      context(blocks, labels);
    }
    for (Alert a : g.alerts.subList(0, listed)) {
      blocks
          .addObject()
          .put("type", "section")
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", Messages.truncate(facts(a), Messages.SECTION_MAX));
    }
    if (more > 0) {
      context(blocks, "…and " + more + " more");
    }
    return message.toString();
  }

  /** The Standard Webhooks body: {@code {type, timestamp, data}}, data as in the schema. */
  public static String webhook(GroupNotice g, String receiver, long sentAtMillis) {
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.put("type", "alert_group." + g.status);
    body.put("timestamp", Instant.ofEpochMilli(sentAtMillis).toString());
    ObjectNode data = body.putObject("data");
    data.put("version", VERSION);
    data.put("receiver", receiver);
    data.put("group_key", g.groupKey);
    data.put("status", g.status);
    ObjectNode labels = data.putObject("group_labels");
    g.labels.forEach(labels::put);
    data.put("overflow", g.overflow);
    data.put("firing_alerts", g.firingAlerts);
    data.put("truncated_alerts", g.truncatedAlerts);
    ArrayNode alerts = data.putArray("alerts");
    g.alerts.forEach(a -> alerts.add(Json.MAPPER.<ObjectNode>valueToTree(a)));
    return body.toString();
  }

  static String title(GroupNotice g) {
    long total = g.alerts.size() + g.truncatedAlerts;
    String icon = "resolved".equals(g.status) ? "✅" : icon(g);
    String what =
        "resolved".equals(g.status)
            ? total + (total == 1 ? " alert resolved" : " alerts resolved")
            : g.firingAlerts + (g.firingAlerts == 1 ? " alert firing" : " alerts firing");
    String about =
        g.labels.entrySet().stream()
            .filter(e -> !e.getValue().isEmpty())
            .map(e -> e.getKey().replace('_', ' ') + " " + e.getValue())
            .collect(Collectors.joining(", "));
    return icon
        + " "
        + what
        + (g.overflow ? " (more groups than the limit)" : "")
        + (about.isEmpty() ? "" : ": " + about);
  }

  private static String icon(GroupNotice g) {
    var severities = g.alerts.stream().map(a -> a.severity).collect(Collectors.toSet());
    return severities.contains("critical") ? "🔴" : severities.contains("warning") ? "🟠" : "🔵";
  }

  /**
   * One alert in a list: its title, reason, the facts its own message shows ({@link
   * Messages#facts}: link or top links, campaign, UTM, window, clicks against the baseline, failing
   * redirects, owner), its referrers and countries, and its dashboard: a grouped alert is as
   * actionable as a single one.
   */
  static String facts(Alert a) {
    StringBuilder s = new StringBuilder();
    s.append("*").append(Messages.escape(Messages.title(a))).append("*\n");
    s.append(Messages.escape(a.reason)).append("\n");
    s.append(
        Messages.facts(a).stream()
            .filter(fact -> !fact[1].isEmpty())
            .map(fact -> "*" + Messages.escape(fact[0]) + "*: " + Messages.escape(fact[1]))
            .collect(Collectors.joining(" · ")));
    String evidence = Messages.evidence(a);
    if (!evidence.isEmpty()) {
      s.append("\n").append(evidence);
    }
    if (a.dashboardUrl != null && a.dashboardUrl.matches("https?://[^\\s<>|]+")) {
      s.append("\n<").append(a.dashboardUrl).append("|dashboard>");
    }
    return s.toString();
  }

  private static void context(ArrayNode blocks, String markdown) {
    blocks
        .addObject()
        .put("type", "context")
        .putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", Messages.truncate(markdown, Messages.SECTION_MAX));
  }
}
