package io.clickpulse.microbench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run measured: one table per section for people (console and markdown), and the same
 * numbers by name for checks ({@link #figures()}).
 */
public final class Results {
  /** One section's table and the paragraph that says what its figures include. */
  public static final class Table {
    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, List<String> headers) {
      this.title = title;
      this.headers = List.copyOf(headers);
    }

    public Table row(Object... cells) {
      if (cells.length != headers.size()) {
        throw new IllegalArgumentException(
            title + ": " + cells.length + " cells for " + headers.size() + " columns");
      }
      List<String> row = new ArrayList<>();
      for (Object cell : cells) {
        row.add(cell instanceof Double d ? number(d) : String.valueOf(cell));
      }
      rows.add(row);
      return this;
    }

    /** A sentence for the "what each figure includes" paragraph under the table. */
    public Table note(String sentence) {
      notes.add(sentence);
      return this;
    }

    public String title() {
      return title;
    }

    public List<List<String>> rows() {
      return rows;
    }
  }

  private final Map<String, Table> tables = new LinkedHashMap<>();
  private final Map<String, Double> figures = new LinkedHashMap<>();
  private final List<String> context = new ArrayList<>();

  public Table table(String title, String... headers) {
    return tables.computeIfAbsent(title, t -> new Table(t, List.of(headers)));
  }

  /** Records a figure by name, e.g. {@code state.current.uuid.1000000.bytes_per_id}. */
  public void figure(String name, double value) {
    figures.put(name, value);
  }

  public Map<String, Double> figures() {
    return figures;
  }

  /** A line about the run (machine, load), printed above the tables. */
  public void context(String line) {
    context.add(line);
  }

  public String markdown() {
    StringBuilder md = new StringBuilder("## Micro benchmarks (microbench)\n\n");
    context.forEach(line -> md.append("- ").append(line).append('\n'));
    for (Table t : tables.values()) {
      md.append("\n### ").append(t.title).append("\n\n");
      md.append("| ").append(String.join(" | ", t.headers)).append(" |\n");
      md.append("|").append(" --- |".repeat(t.headers.size())).append('\n');
      for (List<String> row : t.rows) {
        md.append("| ").append(String.join(" | ", row)).append(" |\n");
      }
      if (!t.notes.isEmpty()) {
        md.append("\nWhat each figure includes: ").append(String.join(" ", t.notes)).append('\n');
      }
    }
    return md.toString();
  }

  /** The tables as aligned plain text. */
  public String text() {
    StringBuilder out = new StringBuilder();
    context.forEach(line -> out.append(line).append('\n'));
    for (Table t : tables.values()) {
      int[] widths = new int[t.headers.size()];
      for (int i = 0; i < widths.length; i++) {
        widths[i] = t.headers.get(i).length();
        for (List<String> row : t.rows) {
          widths[i] = Math.max(widths[i], row.get(i).length());
        }
      }
      out.append('\n').append(t.title).append('\n');
      appendLine(out, t.headers, widths);
      for (List<String> row : t.rows) {
        appendLine(out, row, widths);
      }
    }
    return out.toString();
  }

  private static void appendLine(StringBuilder out, List<String> cells, int[] widths) {
    for (int i = 0; i < cells.size(); i++) {
      out.append(String.format("%-" + widths[i] + "s", cells.get(i)));
      out.append(i + 1 < cells.size() ? "  " : "\n");
    }
  }

  /** Three significant digits at most, thousands grouped: 1,234,567 / 12.3 / 0.0123. */
  public static String number(double value) {
    if (Double.isNaN(value)) {
      return "n/a";
    }
    double abs = Math.abs(value);
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
