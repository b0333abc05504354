package io.clickpulse.local.report;

import java.util.List;
import java.util.Objects;

/** The table of planted incidents: what was planted and whether (and how fast) it was caught. */
final class IncidentTable {
  private IncidentTable() {}

  static String html(List<IncidentOutcome> incidents) {
    if (incidents.isEmpty()) {
      return "<p class=\"empty\">No incidents were planted in this run.</p>";
    }
    long detected = incidents.stream().filter(IncidentOutcome::detected).count();
    StringBuilder html =
        new StringBuilder("<p class=\"headline\" id=\"incidents-summary\">")
            .append(detected)
            .append(" of ")
            .append(incidents.size())
            .append(" planted incidents detected.</p>")
            .append(
                "<table id=\"incidents-table\" class=\"data\"><thead><tr>"
                    + "<th>Incident</th><th>Expected rule</th><th>Subject</th>"
                    + "<th>Planted (event time, UTC)</th><th>Outcome</th>"
                    + "<th>Detection</th><th>Delivery</th></tr></thead><tbody>");
    for (IncidentOutcome i : incidents) {
      html.append("<tr class=\"incident\" data-incident=\"")
          .append(Html.escape(i.name()))
          .append("\" data-status=\"")
          .append(i.detected() ? "detected" : "not-detected")
          .append("\"><td><strong>")
          .append(Html.escape(i.name()))
          .append("</strong><div class=\"note\">")
          .append(Html.escape(i.description()))
          .append("</div></td>")
          .append(Html.cell(i.expectedRule()))
          .append(Html.cell(i.subject()))
          .append(Html.cell(Html.window(i.plantedFrom(), i.plantedTo())))
          .append("<td>")
          .append(outcome(i))
          .append("</td>")
          .append(Html.cell(Html.seconds(i.detection())))
          .append(Html.cell(Html.seconds(i.delivery())))
          .append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  private static String outcome(IncidentOutcome i) {
    if (!i.detected()) {
      return "<span class=\"badge missed\">NOT DETECTED</span>";
    }
    String html =
        "<span class=\"badge caught\">detected</span> by "
            + Html.escape(i.alertRule())
            + " <span class=\"id\">"
            + Html.escape(i.alertId())
            + "</span>";
    if (!Objects.equals(i.alertRule(), i.expectedRule())) {
      html += "<div class=\"note\">a different rule than expected</div>";
    }
    return html;
  }
}
