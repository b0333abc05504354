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
      return DataTable.empty(
          "conversions-empty", "No conversions (no conversions topic, or nothing converted).");
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
    DataTable table =
        new DataTable(
            "conversion-table", "Type", "Conversions", "Credited to a click", "Links", "Revenue");
    counts.forEach(
        (type, c) ->
            table
                .row("conversion-row")
                .data("type", type)
                .data("conversions", c[0])
                .cell(type)
                .cell(Long.toString(c[0]))
                .cell(Long.toString(c[1]))
                .cell(Integer.toString(links.get(type).size()))
                .cell(String.join(", ", revenue.get(type))));
    return table.html();
  }

  static String crmSignals(List<ObjectNode> signals) {
    if (signals.isEmpty()) {
      return DataTable.empty(
          "crm-signals-empty", "No CRM signals (no crm-signals topic, or no contact qualified).");
    }
    DataTable table =
        new DataTable(
            "crm-signal-table", "Rule", "Subject", "Clicks", "Links", "Last click", "Signal id");
    for (ObjectNode r : signals) {
      table
          .row("crm-signal-row")
          .data("rule", r.path("rule").asText())
          .data("subject", r.path("subject_id").asText())
          .cell(r.path("rule").asText())
          .cell(r.path("subject_type").asText() + " " + r.path("subject_id").asText())
          .cell(Long.toString(r.path("click_count").asLong()))
          .cell(r.path("links").asText())
          .cell(r.path("last_click_time").asText())
          .cell(r.path("signal_id").asText());
    }
    return table.html();
  }
}
