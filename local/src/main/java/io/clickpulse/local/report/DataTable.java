package io.clickpulse.local.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape every data table of the report shares: {@code <table class="data">} with a header row
 * and one {@code <tr>} per item, each with a class and {@code data-} attributes that the report's
 * script and the tests find it by; or, with no items, a paragraph saying why there are none.
 */
final class DataTable {
  private final String id;
  private final List<String> headers;
  private final List<Row> rows = new ArrayList<>();

  /**
   * @param id the table's element id
   * @param headers the column headings (plain text)
   */
  DataTable(String id, String... headers) {
    this.id = id;
    this.headers = List.of(headers);
  }

  /** The paragraph standing in for a table with no rows; {@code text} is HTML. */
  static String empty(String id, String text) {
    return "<p class=\"empty\"" + (id == null ? "" : " id=\"" + id + "\"") + ">" + text + "</p>";
  }

  /** Adds a row of the class {@code rowClass}; fill it with its attributes, then its cells. */
  Row row(String rowClass) {
    Row row = new Row(rowClass);
    rows.add(row);
    return row;
  }

  String html() {
    StringBuilder html = new StringBuilder("<table id=\"").append(id);
    html.append("\" class=\"data\"><thead><tr>");
    headers.forEach(h -> html.append("<th>").append(Html.escape(h)).append("</th>"));
    html.append("</tr></thead><tbody>");
    for (Row row : rows) {
      html.append("<tr class=\"")
          .append(Html.escape(row.rowClass))
          .append('"')
          .append(row.attributes)
          .append('>')
          .append(row.cells)
          .append("</tr>");
    }
    return html.append("</tbody></table>").toString();
  }

  /** One row: its {@code data-} attributes and its cells, in order. */
  static final class Row {
    private final String rowClass;
    private final StringBuilder attributes = new StringBuilder();
    private final StringBuilder cells = new StringBuilder();

    private Row(String rowClass) {
      this.rowClass = rowClass;
    }

    /** An attribute {@code data-name}, its value escaped. */
    Row data(String name, Object value) {
      attributes
          .append(" data-")
          .append(name)
          .append("=\"")
          .append(Html.escape(String.valueOf(value)))
          .append('"');
      return this;
    }

    /** A cell of escaped text. */
    Row cell(String text) {
      cells.append(Html.cell(text));
      return this;
    }

    /** A cell whose content is already HTML. */
    Row htmlCell(String html) {
      cells.append("<td>").append(html).append("</td>");
      return this;
    }

    /** A cell of an id, escaped, set in the id style. */
    Row idCell(String text) {
      cells.append("<td class=\"id\">").append(Html.escape(text)).append("</td>");
      return this;
    }

    /** A severity as its coloured badge. */
    Row severity(String severity) {
      String s = Html.escape(severity);
      return htmlCell("<span class=\"severity " + s + "\">" + s + "</span>");
    }
  }
}
