package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a {@link Report} as table rows, with ratios and the targets. */
final class ResultsTable {
  static final String[] HEADER = {"measure", "value", "ratio", "target", "met?"};

  /** Targets from the issue. */
  static final double PIPELINE_OF_CEILING = 0.5;

  static final double PIPELINE_OVER_FLINK_SQL = 1.5;
  static final double ALERT_P99_MILLIS = 3000;

  record Row(String measure, String value, String ratio, String target, String met) {
    String[] cells() {
      return new String[] {measure, value, ratio, target, met};
    }
  }

  private ResultsTable() {}

  static List<Row> rows(Report r) {
    List<Row> rows = new ArrayList<>();
    if (r.ceiling != null) {
      rows.add(
          row("ceiling: Kafka → JSON parse → discard", rate(r.ceiling.rate()), "1.00", "", ""));
    }
    if (r.validatingCeiling != null) {
      rows.add(
          row(
              "ceiling + validation (ClickEventParser) → discard",
              rate(r.validatingCeiling.rate()),
              ofCeiling(r.validatingCeiling.rate(), r.ceiling == null ? null : r.ceiling.rate()),
              "",
              ""));
    }
    if (r.pipeline != null) {
      Double ceiling = r.ceiling == null ? null : r.ceiling.rate();
      Double ceilingNet = r.ceiling == null ? null : r.ceiling.netRate();
      rows.add(
          row(
              "ClickPulse pipeline: submit → all rows in ClickHouse",
              rate(r.pipeline.rate()),
              ofCeiling(r.pipeline.rate(), ceiling),
              "≥ 0.50 of ceiling",
              met(ceiling == null ? null : r.pipeline.rate() / ceiling >= PIPELINE_OF_CEILING)));
      rows.add(
          row(
              "ClickPulse pipeline: Flink net runtime",
              r.pipeline.net() == null ? "did not finish" : rate(r.pipeline.netRate()),
              ofCeiling(r.pipeline.netRate(), ceilingNet)
                  + (ceilingNet == null || r.pipeline.net() == null ? "" : " (net)"),
              "",
              ""));
    }
    if (r.flinkSql != null) {
      rows.add(
          row(
              "peer Flink SQL: submit → all rows in ClickHouse",
              rate(r.flinkSql.rate()),
              clickPulseTimes(r.pipeline == null ? null : r.pipeline.rate(), r.flinkSql.rate()),
              "ClickPulse ≥ 1.5×",
              met(
                  r.pipeline == null
                      ? null
                      : r.pipeline.rate() / r.flinkSql.rate() >= PIPELINE_OVER_FLINK_SQL)));
      rows.add(
          row(
              "peer Flink SQL: Flink net runtime",
              rate(r.flinkSql.netRate()),
              clickPulseTimes(
                  r.pipeline == null ? null : r.pipeline.netRate(), r.flinkSql.netRate()),
              "",
              ""));
    }
    if (r.clickhouseKafka != null) {
      rows.add(
          row(
              "peer ClickHouse Kafka engine + MVs: start → all rows landed",
              rate(r.clickhouseKafka.rate()),
              clickPulseTimes(
                  r.pipeline == null ? null : r.pipeline.rate(), r.clickhouseKafka.rate()),
              "",
              ""));
    }
    if (r.alerts != null) {
      rows.add(
          row("alert latency p50 (checkpoints 1 s)", millis(r.alerts.percentile(50)), "", "", ""));
      double p99 = r.alerts.percentile(99);
      rows.add(
          row(
              "alert latency p99 (checkpoints 1 s)",
              millis(p99),
              "",
              "< 3,000 ms",
              met(Double.isNaN(p99) ? null : p99 < ALERT_P99_MILLIS)));
      rows.add(
          row(
              "planted spikes notified",
              r.alerts.delivered() + " of " + r.alerts.planted(),
              "",
              "all",
              met(r.alerts.delivered() == r.alerts.planted())));
    }
    r.failures.forEach((measure, error) -> rows.add(row(measure, "failed", "", "", "no")));
    return rows;
  }

  /** A fixed-width table for the console. */
  static String text(List<Row> rows) {
    int[] width = new int[HEADER.length];
    List<String[]> all = new ArrayList<>();
    all.add(HEADER);
    rows.forEach(row -> all.add(row.cells()));
    for (String[] cells : all) {
      for (int i = 0; i < cells.length; i++) {
        width[i] = Math.max(width[i], cells[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < all.size(); r++) {
      String[] cells = all.get(r);
      for (int i = 0; i < cells.length; i++) {
        out.append(String.format("%-" + width[i] + "s", cells[i]));
        out.append(i + 1 < cells.length ? " | " : "\n");
      }
      if (r == 0) {
        for (int i = 0; i < width.length; i++) {
          out.append("-".repeat(width[i])).append(i + 1 < width.length ? "-+-" : "\n");
        }
      }
    }
    return out.toString();
  }

  static String markdown(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
    out.append("|---|---:|---|---|---|\n");
    for (Row row : rows) {
      out.append("| ").append(String.join(" | ", row.cells())).append(" |\n");
    }
    return out.toString();
  }

  private static Row row(String measure, String value, String ratio, String target, String met) {
    return new Row(measure, value, ratio, target, met);
  }

  private static String rate(double eventsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f ev/s", eventsPerSecond);
  }

  private static String millis(double millis) {
    return Double.isNaN(millis) ? "none delivered" : String.format(Locale.ROOT, "%,.0f ms", millis);
  }

  private static String ofCeiling(double rate, Double ceiling) {
    if (Double.isNaN(rate)) {
      return "n/a";
    }
    return ceiling == null
        ? "n/a (ceiling not run)"
        : String.format(Locale.ROOT, "%.2f of ceiling", rate / ceiling);
  }

  private static String clickPulseTimes(Double pipeline, double peer) {
    if (pipeline != null && Double.isNaN(pipeline)) {
      return "n/a (pipeline did not finish)";
    }
    return pipeline == null
        ? "n/a (pipeline not run)"
        : String.format(Locale.ROOT, "ClickPulse %.2f×", pipeline / peer);
  }

  private static String met(Boolean met) {
    return met == null ? "n/a" : met ? "yes" : "no";
  }
}
