package io.clickpulse.local.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The conversions per type and the CRM signals, as tables of the report. */
final class ConversionTables {
  private ConversionTables() {}

  /** One row per type from the rows per type and currency (currency empty: no amount). */
  static String conversions(List<ObjectNode> rows) {
    if (rows.isEmpty()) {
      return "<p class=\"empty\" id=\"conversions-empty\">No conversions (no conversions topic,"
          + " or nothing converted).</p>";
    }
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Set<String>> links = new TreeMap<>();
    Map<String, List<String>> revenue = new TreeMap<>();
    for (ObjectNode r : rows) {
      String type = r.path("type").asText();
      long[] c = counts.computeIfAbsent(type, k -> new long[2]);
      c[0] += r.path("conversions").asLong();
      c[1] += r.path("attributed").asLong();
      Set<String> l = links.computeIfAbsent(type, k -> new TreeSet<>());
      r.path("links").forEach(n -> l.add(n.asText()));
      l.remove("");
      String currency = r.path("currency").asText();
      List<String> money = revenue.computeIfAbsent(type, k -> new ArrayList<>());
      if (!currency.isEmpty()) {
        money.add(
            new BigDecimal(r.path("amount").asText()).stripTrailingZeros().toPlainString()
                + " "
                + currency);
      }
    }
    StringBuilder html =
        new StringBuilder(
            "<table id=\"conversion-table\" class=\"data\"><thead><tr><th>Type</th>"
                + "<th>Conversions</th><th>Credited to a click</th><th>Links</th><th>Revenue</th>"
                + "</tr></thead><tbody>");
    counts.forEach(
        (type, c) ->
            html.append("<tr class=\"conversion-row\" data-type=\"")
                .append(Html.escape(type))
                .append("\" data-conversions=\"")
                .append(c[0])
                .append("\">")
                .append(Html.cell(type))
                .append(Html.cell(Long.toString(c[0])))
                .append(Html.cell(Long.toString(c[1])))
                .append(Html.cell(Integer.toString(links.get(type).size())))
                .append(Html.cell(String.join(", ", revenue.get(type))))
                .append("</tr>"));
    return html.append("</tbody></table>").toString();
  }

  static String crmSignals(List<ObjectNode> signals) {
    if (signals.isEmpty()) {
      return "<p class=\"empty\" id=\"crm-signals-empty\">No CRM signals (no crm-signals topic,"
          + " or no contact qualified).</p>";
    }
    StringBuilder html =
        new StringBuilder(
            "<table id=\"crm-signal-table\" class=\"data\"><thead><tr><th>Rule</th>"
                + "<th>Subject</th><th>Clicks</th><th>Links</th><th>Last click</th>"
                + "<th>Signal id</th></tr></thead><tbody>");
    for (ObjectNode r : signals) {
      html.append("<tr class=\"crm-signal-row\" data-rule=\"")
          .append(Html.escape(r.path("rule").asText()))
          .append("\" data-subject=\"")
          .append(Html.escape(r.path("subject_id").asText()))
          .append("\">")
          .append(Html.cell(r.path("rule").asText()))
          .append(Html.cell(r.path("subject_type").asText() + " " + r.path("subject_id").asText()))
          .append(Html.cell(Long.toString(r.path("click_count").asLong())))
          .append(Html.cell(r.path("links").asText()))
          .append(Html.cell(r.path("last_click_time").asText()))
          .append(Html.cell(r.path("signal_id").asText()))
          .append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }
}
