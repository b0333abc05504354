package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The figures of a {@link Report} as table rows, with ratios and the targets. */
final class ResultsTable {
  static final String[] HEADER = {"measure", "value", "ratio", "target", "met?"};

  /** Targets from issue #15. */
  static final double PIPELINE_OF_SINK_CEILING = 0.6;

  static final double PIPELINE_OVER_FLINK_SQL = 2.0;
  static final double MAX_MICROS_PER_EVENT = 40;
  static final double SCALING_SPREAD = 0.2;
  static final double MAX_DEDUP_BYTES_PER_ID = 32;
  static final double ALERT_P99_MILLIS = 3000;

  static final String PIPELINE = "ClickPulse pipeline";

  /** The throughput measures whose CPU per event the table shows, by their report name. */
  private static final List<String> CPU_MEASURES =
      List.of(
          "ceiling",
          "ceiling + validation",
          "sink ceiling",
          PIPELINE,
          "Flink SQL peer",
          "ClickHouse Kafka engine peer");

  record Row(String measure, String value, String ratio, String target, String met) {
    String[] cells() {
      return new String[] {measure, value, ratio, target, met};
    }
  }

  private ResultsTable() {}

  static List<Row> rows(Report r) {
    List<Row> rows = new ArrayList<>();
    if (r.input != null) {
      rows.add(row("input", r.input.describe(), "", "", ""));
    }
    Double ceiling = r.ceiling == null ? null : r.ceiling.rate();
    if (r.ceiling != null) {
      rows.add(
          row("ceiling: Kafka → JSON parse → discard", rate(r.ceiling.rate()), "1.00", "", ""));
    }
    if (r.validatingCeiling != null) {
      rows.add(
          row(
              "ceiling + validation (ClickEventParser) → discard",
              rate(r.validatingCeiling.rate()),
              ofCeiling(r.validatingCeiling.rate(), ceiling),
              "",
              ""));
    }
    if (r.sinkCeiling != null) {
      rows.add(
          row(
              "sink ceiling: Kafka → parse → enrich → clicks rows in ClickHouse",
              rate(r.sinkCeiling.rate()),
              ofCeiling(r.sinkCeiling.rate(), ceiling),
              "",
              ""));
    }
    if (r.pipeline != null) {
      Double ceilingNet = r.ceiling == null ? null : r.ceiling.netRate();
      rows.add(
          row(
              "ClickPulse pipeline: submit → all rows in ClickHouse",
              rate(r.pipeline.rate()),
              ofCeiling(r.pipeline.rate(), ceiling),
              "",
              ""));
      rows.add(
          row(
              "ClickPulse pipeline: Flink net runtime",
              r.pipeline.net() == null ? "did not finish" : rate(r.pipeline.netRate()),
              ofCeiling(r.pipeline.netRate(), ceilingNet)
                  + (ceilingNet == null || r.pipeline.net() == null ? "" : " (net)"),
              "",
              ""));
      Double ofSink = r.sinkCeiling == null ? null : r.pipeline.rate() / r.sinkCeiling.rate();
      rows.add(
          row(
              "ClickPulse pipeline: of sink ceiling",
              ofSink == null ? "n/a (sink ceiling not run)" : fixed(ofSink),
              "",
              "≥ " + fixed(PIPELINE_OF_SINK_CEILING),
              met(ofSink == null ? null : ofSink >= PIPELINE_OF_SINK_CEILING)));
    }
    if (r.flinkSql != null) {
      rows.add(
          row(
              "peer Flink SQL: submit → all rows in ClickHouse",
              rate(r.flinkSql.rate()),
              clickPulseTimes(r.pipeline == null ? null : r.pipeline.rate(), r.flinkSql.rate()),
              "ClickPulse ≥ " + fixed(PIPELINE_OVER_FLINK_SQL) + "×",
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
    if (r.input != null) {
      for (String measure : CPU_MEASURES) {
        CpuUsage cpu = r.cpu.get(measure);
        if (cpu != null) {
          boolean pipeline = measure.equals(PIPELINE);
          double total = cpu.totalMicrosPerEvent(r.input.events());
          rows.add(
              row(
                  "CPU µs/event: " + measure,
                  cpu.microsPerEventText(r.input.events()),
                  "",
                  pipeline ? "total ≤ " + fixed0(MAX_MICROS_PER_EVENT) : "",
                  pipeline ? met(total <= MAX_MICROS_PER_EVENT) : ""));
        }
      }
    }
    scaling(r, rows);
    for (LedgerCheck check : r.ledger) {
      rows.add(
          row(
              "ledger: " + check.system() + ": " + check.what(),
              count(check.actual()),
              "",
              "= " + count(check.expected()),
              met(check.passed())));
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

  /**
   * Per scaling run: throughput and the Flink process's CPU per event with its spread against the
   * base run; checkpointed state per link, visitor and event id; timer firings per event minute.
   */
  private static void scaling(Report r, List<Row> rows) {
    if (r.scaling.isEmpty()) {
      return;
    }
    ScalingBenchmark.Run base = r.scaling.get(0);
    boolean baseIsBase = base.variant().equals(ScalingBenchmark.variants().get(0));
    rows.add(
        row(
            "scaling inputs",
            String.format(
                Locale.ROOT,
                "%,d records each over %s of event time; the pipeline's own cost (Flink process"
                    + " CPU) against the %s run",
                base.input().events(),
                base.input().spanText(),
                ScalingBenchmark.variants().get(0).describe()),
            "",
            "",
            ""));
    for (ScalingBenchmark.Run run : r.scaling) {
      String name = run.variant().describe();
      double cost = run.flinkMicrosPerEvent();
      String spread;
      Boolean within;
      if (run == base && baseIsBase) {
        spread = "base";
        within = null;
      } else if (!baseIsBase) {
        spread = "n/a (base run failed)";
        within = null;
      } else {
        double costSpread = cost / base.flinkMicrosPerEvent() - 1;
        double rateSpread = run.throughput().rate() / base.throughput().rate() - 1;
        spread =
            String.format(
                Locale.ROOT, "cost %+.0f %%, rate %+.0f %%", costSpread * 100, rateSpread * 100);
        within = Math.abs(costSpread) <= SCALING_SPREAD;
      }
      rows.add(
          row(
              "scaling: " + name,
              String.format(
                  Locale.ROOT, "%s; Flink %.1f µs/ev", rate(run.throughput().rate()), cost),
              spread,
              "cost within ±" + fixed0(SCALING_SPREAD * 100) + " %",
              met(within)));
      JobFacts job = run.throughput().job();
      var ledger = run.input().ledger();
      Double dedup =
          perUnit(
              job == null ? null : job.stateOf(ScalingBenchmark.DEDUP), ledger.expectedStored());
      rows.add(
          row(
              "scaling state: " + name,
              String.format(
                  Locale.ROOT,
                  "%s B/link (%,d links); %s B/visitor (%,d visitors); %s B/event id",
                  bytes(
                      perUnit(
                          job == null ? null : job.stateOf(ScalingBenchmark.OBSERVE),
                          ledger.distinctLinks())),
                  ledger.distinctLinks(),
                  bytes(
                      perUnit(
                          job == null ? null : job.stateOf(ScalingBenchmark.BOTS),
                          ledger.distinctVisitors())),
                  ledger.distinctVisitors(),
                  bytes(dedup)),
              job == null || job.checkpointId() < 0
                  ? "no checkpoint with state"
                  : "checkpoint " + job.checkpointId() + " (largest)",
              "dedup ≤ " + fixed0(MAX_DEDUP_BYTES_PER_ID) + " B/id",
              met(dedup == null ? null : dedup <= MAX_DEDUP_BYTES_PER_ID)));
      rows.add(
          row(
              "scaling timers: " + name,
              String.format(
                  Locale.ROOT,
                  "no timers in observe-minutes or client-patterns (the watermark closes minutes"
                      + " and releases clicks); subject minutes judged %s/min (of event time)",
                  perMinute(job, ScalingBenchmark.SUBJECT_TIMERS, run.input())),
              "",
              "",
              ""));
    }
  }

  private static Double perUnit(Long bytes, long units) {
    return bytes == null || units <= 0 ? null : (double) bytes / units;
  }

  private static String bytes(Double perUnit) {
    return perUnit == null ? "n/a" : String.format(Locale.ROOT, "%,.1f", perUnit);
  }

  private static String perMinute(JobFacts job, String accumulator, BenchInput input) {
    Long fired = job == null ? null : job.accumulator(accumulator);
    return fired == null ? "n/a" : String.format(Locale.ROOT, "%,.0f", fired / input.spanMinutes());
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

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  private static String fixed(double x) {
    return String.format(Locale.ROOT, "%.2f", x);
  }

  private static String fixed0(double x) {
    return String.format(Locale.ROOT, "%.0f", x);
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
