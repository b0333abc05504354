package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The report's conversions and CRM-signals tables from rows as ClickHouse answers them. */
class ConversionTablesTest {

  private static ObjectNode row(String json) throws JsonProcessingException {
    return (ObjectNode) JsonRows.MAPPER.readTree(json);
  }

  @Test
  void oneRowPerTypeWithRevenuePerCurrencyAndDistinctLinks() throws Exception {
    String html =
        ConversionTables.conversions(
            List.of(
                row(
                    "{\"type\":\"lead\",\"currency\":\"\",\"conversions\":\"5\",\"attributed\":\"4\","
                        + "\"links\":[\"lnk-a\",\"\"],\"amount\":\"0\"}"),
                row(
                    "{\"type\":\"sale\",\"currency\":\"EUR\",\"conversions\":\"2\","
                        + "\"attributed\":\"2\",\"links\":[\"lnk-a\",\"lnk-b\"],"
                        + "\"amount\":\"129.9500\"}"),
                row(
                    "{\"type\":\"sale\",\"currency\":\"USD\",\"conversions\":\"1\","
                        + "\"attributed\":\"1\",\"links\":[\"lnk-b\"],\"amount\":\"20.0000\"}")));
    assertTrue(
        html.contains(
            "<tr class=\"conversion-row\" data-type=\"lead\" data-conversions=\"5\"><td>lead</td>"
                + "<td>5</td><td>4</td><td>1</td><td></td></tr>"),
        html);
    assertTrue(
        html.contains(
            "<tr class=\"conversion-row\" data-type=\"sale\" data-conversions=\"3\"><td>sale</td>"
                + "<td>3</td><td>3</td><td>2</td><td>129.95 EUR, 20 USD</td></tr>"),
        html);
  }

  @Test
  void signalsAreEscapedAndEmptyTablesSaySo() throws Exception {
    String html =
        ConversionTables.crmSignals(
            List.of(
                row(
                    "{\"signal_id\":\"s1\",\"rule\":\"pricing-interest\",\"subject_type\":"
                        + "\"contact\",\"subject_id\":\"<c>\",\"click_count\":2,\"links\":"
                        + "\"lnk-a lnk-b\",\"last_click_time\":\"2026-12-06 03:21:00.000\"}")));
    assertTrue(html.contains("data-subject=\"&lt;c&gt;\""), html);
    assertTrue(html.contains("<td>contact &lt;c&gt;</td><td>2</td><td>lnk-a lnk-b</td>"), html);
    assertEquals(
        true, ConversionTables.conversions(List.of()).contains("id=\"conversions-empty\""));
    assertEquals(true, ConversionTables.crmSignals(List.of()).contains("id=\"crm-signals-empty\""));
  }
}
