package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The link lifecycle alerts per rule, with an example of each. */
final class LifecycleTable {
  private LifecycleTable() {}

  static String html(List<ObjectNode> rules) {
    if (rules.isEmpty()) {
      return DataTable.empty(
          "lifecycle-empty",
          "No link lifecycle alerts in this time range (no link events, or no problems in them).");
    }
    DataTable table = new DataTable("lifecycle-table", "Rule", "Alerts", "Severity", "Example");
    for (ObjectNode r : rules) {
      table
          .row("lifecycle-row")
          .data("rule", r.path("rule").asText())
          .data("alerts", r.path("alerts").asLong())
          .cell(r.path("rule").asText())
          .cell(Long.toString(r.path("alerts").asLong()))
          .severity(r.path("severity").asText())
          .cell(r.path("example_subject").asText() + ": " + r.path("example_reason").asText());
    }
    return table.html();
  }
}
