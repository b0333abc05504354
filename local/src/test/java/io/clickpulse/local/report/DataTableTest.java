package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared shape of the report's tables: header, rows with data attributes, escaped cells. */
class DataTableTest {

  static Stream<Arguments> rows() {
    return Stream.of(
        Arguments.of(
            "a row with no attributes and one cell",
            (Consumer<DataTable.Row>) r -> r.cell("x"),
            "<tr class=\"r\"><td>x</td></tr>"),
        Arguments.of(
            "attributes in order, values escaped, numbers as text",
            (Consumer<DataTable.Row>) r -> r.data("rule", "a\"<b>").data("alerts", 3L).cell("c"),
            "<tr class=\"r\" data-rule=\"a&quot;&lt;b&gt;\" data-alerts=\"3\"><td>c</td></tr>"),
        Arguments.of(
            "text cells escaped, HTML cells not",
            (Consumer<DataTable.Row>) r -> r.cell("<i>").htmlCell("<i>x</i>"),
            "<tr class=\"r\"><td>&lt;i&gt;</td><td><i>x</i></td></tr>"),
        Arguments.of(
            "a severity badge and an id cell",
            (Consumer<DataTable.Row>) r -> r.severity("critical").idCell("a&1"),
            "<tr class=\"r\"><td><span class=\"severity critical\">critical</span></td>"
                + "<td class=\"id\">a&amp;1</td></tr>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void rendersARow(String what, Consumer<DataTable.Row> fill, String expectedRow) {
    DataTable table = new DataTable("t", "A", "B & C");
    fill.accept(table.row("r"));
    assertEquals(
        "<table id=\"t\" class=\"data\"><thead><tr><th>A</th><th>B &amp; C</th></tr></thead>"
            + "<tbody>"
            + expectedRow
            + "</tbody></table>",
        table.html());
  }

  @ParameterizedTest
  @MethodSource("empties")
  void saysWhyThereAreNoRows(String id, String expected) {
    assertEquals(expected, DataTable.empty(id, "Nothing (no topic)."));
  }

  static Stream<Arguments> empties() {
    return Stream.of(
        Arguments.of("x-empty", "<p class=\"empty\" id=\"x-empty\">Nothing (no topic).</p>"),
        Arguments.of(null, "<p class=\"empty\">Nothing (no topic).</p>"));
  }
}
