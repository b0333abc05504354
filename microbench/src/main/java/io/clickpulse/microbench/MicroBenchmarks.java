package io.clickpulse.microbench;

import io.clickpulse.microbench.dashboards.DashboardSection;
import io.clickpulse.microbench.jmh.JmhSection;
import io.clickpulse.microbench.sink.CostSection;
import io.clickpulse.microbench.sink.SinkSection;
import io.clickpulse.microbench.state.DedupStateSection;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.WorkDirs;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The micro part of the performance report: hot paths (JMH), dedup state per id, ClickHouse sink
 * throughput and dashboard query latency, run in one go; prints the tables and writes them as
 * markdown for the benchmark harness to append.
 *
 * <pre>
 * --only jmh,state,sink,cost,dashboards  sections to run (default: all)
 * --jmh full|smoke                   1 fork, 3 x 1 s warm-up, 5 x 1 s measured | in-process, 200 ms
 * --state-ids 1000000,10000000       dedup state sizes (production layout at each, others at the smallest)
 * --sink-rows 500000 --sink-runs 3   rows per sink run and runs per path (also for cost: per table)
 * --dashboard-clicks 10000000 --dashboard-runs 20 --dashboard-panels N (N = all)
 * --clickhouse-dir DIR               keep the engine's data there; a dashboard load of the same
 *                                    size found there is reused instead of loaded again
 * --out microbench/target/micro-results.md
 * </pre>
 */
public final class MicroBenchmarks {
  public static final Set<String> SECTIONS = Set.of("jmh", "state", "sink", "cost", "dashboards");

  /** What to run and how big. */
  public record Options(
      Set<String> only,
      JmhSection.Settings jmh,
      List<Long> stateIds,
      int sinkRows,
      int sinkRuns,
      long dashboardClicks,
      int dashboardRuns,
      int dashboardPanels,
      Path clickhouseDir,
      Path out) {

    public static Options parse(String[] args) {
      Set<String> only = new LinkedHashSet<>(List.of("jmh", "state", "sink", "cost", "dashboards"));
      JmhSection.Settings jmh = JmhSection.Settings.FULL;
      List<Long> stateIds = List.of(1_000_000L, 10_000_000L);
      int sinkRows = 500_000;
      int sinkRuns = 3;
      long dashboardClicks = 10_000_000L;
      int dashboardRuns = 20;
      int dashboardPanels = Integer.MAX_VALUE;
      Path clickhouseDir = null;
      Path out = moduleDir().resolve("target/micro-results.md");
      for (int i = 0; i < args.length; i++) {
        String value = i + 1 < args.length ? args[i + 1] : null;
        switch (args[i]) {
          case "--only" -> only = new LinkedHashSet<>(Arrays.asList(value.split(",")));
          case "--jmh" ->
              jmh =
                  switch (value) {
                    case "full" -> JmhSection.Settings.FULL;
                    case "smoke" -> JmhSection.Settings.SMOKE;
                    default -> throw new IllegalArgumentException("--jmh takes full or smoke");
                  };
          case "--state-ids" ->
              stateIds = Arrays.stream(value.split(",")).map(Long::parseLong).toList();
          case "--sink-rows" -> sinkRows = Integer.parseInt(value);
          case "--sink-runs" -> sinkRuns = Integer.parseInt(value);
          case "--dashboard-clicks" -> dashboardClicks = Long.parseLong(value);
          case "--dashboard-runs" -> dashboardRuns = Integer.parseInt(value);
          case "--dashboard-panels" -> dashboardPanels = Integer.parseInt(value);
          case "--clickhouse-dir" -> clickhouseDir = Paths.get(value);
          case "--out" -> out = Paths.get(value);
          default -> throw new IllegalArgumentException("Unknown option " + args[i]);
        }
        i++;
      }
      if (!SECTIONS.containsAll(only)) {
        throw new IllegalArgumentException("--only takes " + SECTIONS + ", got " + only);
      }
      return new Options(
          only,
          jmh,
          stateIds,
          sinkRows,
          sinkRuns,
          dashboardClicks,
          dashboardRuns,
          dashboardPanels,
          clickhouseDir,
          out);
    }
  }

  private MicroBenchmarks() {}

  public static void main(String[] args) throws Exception {
    Options options = Options.parse(args);
    Results results = run(options);
    System.out.println(results.text());
    System.out.println("Wrote " + options.out().toAbsolutePath());
  }

  /** Runs the chosen sections and writes the markdown to {@code options.out()}. */
  public static Results run(Options options) throws Exception {
    Results results = new Results();
    results.context(
        "Run "
            + Instant.now().toString().substring(0, 19)
            + "Z, "
            + Runtime.getRuntime().availableProcessors()
            + " cores, Java "
            + System.getProperty("java.version")
            + ", load average at start "
            + loadAverage()
            + " (the machine is shared: figures are noisy).");
    Path work = WorkDirs.newRunDir("microbench");
    if (options.only().contains("jmh")) {
      JmhSection.run(options.jmh(), results);
    }
    if (options.only().contains("state")) {
      DedupStateSection.run(options.stateIds(), work, results);
    }
    if (options.only().contains("sink")
        || options.only().contains("cost")
        || options.only().contains("dashboards")) {
      Progress.say("ClickHouse: starting the engine");
      Path clickhouseDir =
          options.clickhouseDir() != null ? options.clickhouseDir() : work.resolve("clickhouse");
      try (ClickHouseServer clickhouse = ClickHouseServer.start(clickhouseDir)) {
        if (options.only().contains("sink")) {
          SinkSection.run(clickhouse, options.sinkRows(), options.sinkRuns(), results);
        }
        if (options.only().contains("cost")) {
          CostSection.run(clickhouse, options.sinkRows(), options.sinkRuns(), results);
        }
        if (options.only().contains("dashboards")) {
          DashboardSection.run(
              clickhouse,
              dashboardsDir(),
              options.dashboardClicks(),
              options.dashboardRuns(),
              options.dashboardPanels(),
              results);
        }
      }
    }
    results.context("Load average at the end " + loadAverage() + ".");
    write(options.out(), results.markdown());
    return results;
  }

  private static String loadAverage() {
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    return String.format(Locale.ROOT, "%.2f", load);
  }

  private static void write(Path out, String markdown) throws IOException {
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, markdown, StandardCharsets.UTF_8);
  }

  /** This module's directory, whether run from the repository root or from the module. */
  static Path moduleDir() {
    return Files.isDirectory(Paths.get("microbench")) ? Paths.get("microbench") : Paths.get(".");
  }

  static Path dashboardsDir() {
    return Files.isDirectory(Paths.get("dashboards"))
        ? Paths.get("dashboards")
        : Paths.get("..", "dashboards");
  }
}
