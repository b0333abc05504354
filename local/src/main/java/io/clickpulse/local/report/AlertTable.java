package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The table of alerts under the alert timeline, one row per alert id. */
final class AlertTable {
  private AlertTable() {}

  static String html(List<ObjectNode> alerts) {
    if (alerts.isEmpty()) {
      return "<p class=\"empty\">No alerts were raised in this time range.</p>";
    }
    StringBuilder html =
        new StringBuilder(
            "<table id=\"alerts-table\" class=\"data\"><thead><tr>"
                + "<th>Window (UTC)</th><th>Rule</th><th>Severity</th><th>Status</th>"
                + "<th>Subject</th><th>Link</th><th>Campaign</th><th>Reason</th><th>Alert id</th>"
                + "</tr></thead><tbody>");
    for (ObjectNode a : alerts) {
      String severity = a.path("severity").asText();
      html.append("<tr class=\"alert-row\" data-alert-id=\"")
          .append(Html.escape(a.path("alert_id").asText()))
          .append("\">")
          .append(
              Html.cell(
                  Html.window(
                      Instant.ofEpochMilli(a.path("starts").asLong()),
                      Instant.ofEpochMilli(a.path("ends").asLong()))))
          .append(Html.cell(a.path("rule").asText()))
          .append("<td><span class=\"severity ")
          .append(Html.escape(severity))
          .append("\">")
          .append(Html.escape(severity))
          .append("</span></td>")
          .append(Html.cell(a.path("statuses").asText()))
          .append(Html.cell(a.path("subject_type").asText() + ": " + a.path("subject_id").asText()))
          .append(Html.cell(linkLabel(a.path("link_id").asText(), a.path("link_name").asText())))
          .append(Html.cell(a.path("campaign_id").asText()))
          .append(Html.cell(a.path("reason").asText()))
          .append("<td class=\"id\">")
          .append(Html.escape(a.path("alert_id").asText()))
          .append("</td></tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  /** A link by its campaign name where the catalog knows one, with its id. */
  static String linkLabel(String linkId, String name) {
    return name.isEmpty() || linkId.isEmpty() ? linkId : name + " (" + linkId + ")";
  }
}
