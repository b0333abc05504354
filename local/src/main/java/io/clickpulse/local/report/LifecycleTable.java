package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The link lifecycle alerts per rule, with an example of each. */
final class LifecycleTable {
  private LifecycleTable() {}

  static String html(List<ObjectNode> rules) {
    if (rules.isEmpty()) {
      return "<p class=\"empty\" id=\"lifecycle-empty\">No link lifecycle alerts in this time range"
          + " (no link events, or no problems in them).</p>";
    }
    StringBuilder html =
        new StringBuilder(
            "<table id=\"lifecycle-table\" class=\"data\"><thead><tr>"
                + "<th>Rule</th><th>Alerts</th><th>Severity</th><th>Example</th>"
                + "</tr></thead><tbody>");
    for (ObjectNode r : rules) {
      String severity = r.path("severity").asText();
      html.append("<tr class=\"lifecycle-row\" data-rule=\"")
          .append(Html.escape(r.path("rule").asText()))
          .append("\" data-alerts=\"")
          .append(r.path("alerts").asLong())
          .append("\">")
          .append(Html.cell(r.path("rule").asText()))
          .append(Html.cell(Long.toString(r.path("alerts").asLong())))
          .append("<td><span class=\"severity ")
          .append(Html.escape(severity))
          .append("\">")
          .append(Html.escape(severity))
          .append("</span></td>")
          .append(
              Html.cell(
                  r.path("example_subject").asText() + ": " + r.path("example_reason").asText()))
          .append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }
}
