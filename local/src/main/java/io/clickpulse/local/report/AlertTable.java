package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;

/** The table of alerts under the alert timeline, one row per alert id. */
final class AlertTable {
  private AlertTable() {}

  static String html(List<ObjectNode> alerts) {
    if (alerts.isEmpty()) {
      return DataTable.empty(null, "No alerts were raised in this time range.");
    }
    DataTable table =
        new DataTable(
            "alerts-table",
            "Window (UTC)",
            "Rule",
            "Severity",
            "Status",
            "Subject",
            "Link",
            "Campaign",
            "Reason",
            "Alert id");
    for (ObjectNode a : alerts) {
      table
          .row("alert-row")
          .data("alert-id", a.path("alert_id").asText())
          .cell(
              Html.window(
                  Instant.ofEpochMilli(a.path("starts").asLong()),
                  Instant.ofEpochMilli(a.path("ends").asLong())))
          .cell(a.path("rule").asText())
          .severity(a.path("severity").asText())
          .cell(a.path("statuses").asText())
          .cell(a.path("subject_type").asText() + ": " + a.path("subject_id").asText())
          .cell(linkLabel(a.path("link_id").asText(), a.path("link_name").asText()))
          .cell(a.path("campaign_id").asText())
          .cell(a.path("reason").asText())
          .idCell(a.path("alert_id").asText());
    }
    return table.html();
  }

  /** A link by its campaign name where the catalog knows one, with its id. */
  static String linkLabel(String linkId, String name) {
    return name.isEmpty() || linkId.isEmpty() ? linkId : name + " (" + linkId + ")";
  }
}
