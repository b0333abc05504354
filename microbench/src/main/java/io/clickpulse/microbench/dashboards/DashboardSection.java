package io.clickpulse.microbench.dashboards;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.microbench.Merges;
import io.clickpulse.microbench.Percentiles;
import io.clickpulse.microbench.ProcessCpu;
import io.clickpulse.microbench.Progress;
import io.clickpulse.microbench.Results;
import io.clickpulse.stack.ClickHouseServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Latency of every Grafana panel query over N raw clicks and their rollups in the real ClickHouse,
 * over HTTP as Grafana asks, for a 24 h range and for the dashboards' default 7 days.
 */
public final class DashboardSection {
  static final String DATABASE = "microbench_dashboards";
  static final double TARGET_P95_MS = 150;

  /** A time range and the panel interval Grafana picks for it (about 1,000 points). */
  record Range(String name, Duration length, long intervalSeconds) {}

  static final Range DAY = new Range("24 h", Duration.ofHours(24), 60);
  static final Range WEEK = new Range("7 d", Duration.ofDays(7), 600);

  private DashboardSection() {}

  public static void run(
      ClickHouseServer clickhouse,
      Path dir,
      long clicks,
      int runs,
      int maxPanels,
      Results results) {
    List<Panel> panels = Panel.all(dir);
    panels = panels.subList(0, Math.min(maxPanels, panels.size()));
    Instant end;
    Optional<Instant> earlier = DashboardData.earlierLoad(clickhouse, DATABASE, clicks);
    if (earlier.isPresent()) {
      end = earlier.get();
      Progress.say(
          "dashboards: reusing the %,d clicks loaded earlier (range ends %s)", clicks, end);
      new ClickHouseMigrations(clickhouse.jdbcUrl(DATABASE), "default", "").apply();
    } else {
      end = Instant.now().truncatedTo(ChronoUnit.MINUTES);
      Progress.say("dashboards: loading %,d clicks over %d days", clicks, DashboardData.DAYS);
      DashboardData.load(clickhouse, DATABASE, clicks, end);
    }
    Merges.await(clickhouse, DATABASE, Duration.ZERO, Duration.ofMinutes(2));
    Map<String, String> variables = variables(clickhouse);
    String inDay =
        scalar(
            clickhouse,
            "SELECT count() FROM clicks WHERE event_time >= " + seconds(end.minus(DAY.length())));
    String hourlyRows = scalar(clickhouse, "SELECT count() FROM clicks_hourly");
    String minuteRows = scalar(clickhouse, "SELECT count() FROM clicks_minute");

    Results.Table table =
        results.table(
            "Dashboard panel queries (real ClickHouse over HTTP)",
            "dashboard",
            "panel",
            "p50 ms, 24 h",
            "p95 ms, 24 h",
            "p50 ms, 7 d",
            "p95 ms, 7 d",
            "engine CPU ms, 7 d",
            "p95 < 150 ms (24 h / 7 d)");
    int index = 0;
    for (Panel panel : panels) {
      index++;
      double[] day = latencies(clickhouse, panel, end, DAY, variables, runs);
      double weekCpu0 = ProcessCpu.seconds(clickhouse.pid());
      double[] week = latencies(clickhouse, panel, end, WEEK, variables, runs);
      // Mean over all runs of the range, the unmeasured first one included.
      double weekCpuMs = (ProcessCpu.seconds(clickhouse.pid()) - weekCpu0) * 1000 / (runs + 1);
      double dayP95 = Percentiles.of(day, 95);
      double weekP95 = Percentiles.of(week, 95);
      table.row(
          panel.dashboard(),
          panel.title(),
          Percentiles.median(day),
          dayP95,
          Percentiles.median(week),
          weekP95,
          weekCpuMs,
          verdict(dayP95) + " / " + verdict(weekP95));
      String key = "dashboards." + panel.dashboard() + "." + slug(panel.title());
      results.figure(key + ".p95_ms_24h", dayP95);
      results.figure(key + ".p95_ms_7d", weekP95);
      results.figure(key + ".cpu_ms_7d", weekCpuMs);
      Progress.say(
          "dashboards %d/%d: %s / %s: p95 %.0f ms (24 h), %.0f ms (7 d)",
          index, panels.size(), panel.dashboard(), panel.title(), dayP95, weekP95);
    }
    table
        .note(
            String.format(
                "%,d raw clicks spread evenly over the last %d days (%s in the 24 h range), loaded"
                    + " with INSERT ... SELECT from numbers(), 1 M per insert, so that the rollup views"
                    + " filled"
                    + " clicks_hourly (%s rows) and clicks_daily; clicks_minute (%s rows) holds"
                    + " the minute aggregates the job would write.",
                clicks,
                DashboardData.DAYS,
                Results.number(Double.parseDouble(inDay)),
                Results.number(Double.parseDouble(hourlyRows)),
                Results.number(Double.parseDouble(minuteRows))))
        .note(
            "Distributions: 500 links in 25 campaigns, one normalized source and medium per"
                + " link, skewed link popularity (top link about 1/8 of clicks), 20 countries (US"
                + " about 30 %), 3 M human visitors and 5,000 bots, 15 % bot clicks, 1.2 % redirect"
                + " errors, 0.5 % test clicks; columns no panel or view reads (URLs, raw UTM,"
                + " browser, IP fields) keep their defaults. The side tables (late clicks,"
                + " duplicates, dead letters, alerts, deliveries, bot clients) hold 0.05 % to 1 %"
                + " of that.")
        .note(
            "Each panel's rawSql from dashboards/*.json with the macros expanded as the Grafana"
                + " ClickHouse data source does ($__timeFilter, $__fromTime, $__toTime;"
                + " $__interval_s = 60 for 24 h and 600 for 7 d), the campaign/source/channel"
                + " variables at their default All and the link variable at the most-clicked link ("
                + variables.get("link")
                + "); after one unmeasured run, "
                + runs
                + " runs per range, timed from sending the HTTP request to reading the whole"
                + " response, on one connection, after background merges settled; ClickHouse's"
                + " query cache is off. Engine and client share the machine's 2 cores. Engine CPU"
                + " ms is the ClickHouse process's user + system time over the 7 d runs divided by"
                + " their number (the unmeasured one included): steadier than wall"
                + " time when other work shares the machine.");
  }

  private static double[] latencies(
      ClickHouseServer clickhouse,
      Panel panel,
      Instant end,
      Range range,
      Map<String, String> variables,
      int runs) {
    String sql = panel.expand(end.minus(range.length()), end, range.intervalSeconds(), variables);
    clickhouse.query(sql, Map.of(), DATABASE);
    double[] millis = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      clickhouse.query(sql, Map.of(), DATABASE);
      millis[i] = (System.nanoTime() - start) / 1e6;
    }
    return millis;
  }

  /** Template variables: All for the campaign overview's filters, the busiest link. */
  private static Map<String, String> variables(ClickHouseServer clickhouse) {
    String link =
        scalar(
            clickhouse,
            "SELECT link_id FROM clicks GROUP BY link_id ORDER BY count() DESC LIMIT 1");
    return Map.of("campaign", "__all", "source", "__all", "channel", "__all", "link", link);
  }

  private static String scalar(ClickHouseServer clickhouse, String sql) {
    return clickhouse.query(sql, Map.of(), DATABASE).strip();
  }

  private static String seconds(Instant instant) {
    return "toDateTime(" + instant.getEpochSecond() + ")";
  }

  private static String verdict(double p95) {
    return p95 < TARGET_P95_MS ? "met" : "missed";
  }

  static String slug(String title) {
    return title
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9]+", "_")
        .replaceAll("^_|_$", "");
  }
}
