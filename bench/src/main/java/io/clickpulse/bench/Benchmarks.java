package io.clickpulse.bench;

import io.clickpulse.stack.WorkDirs;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The benchmark harness: starts the real engines, generates one input into Kafka, and measures on
 * it, one after another: the ceiling (Kafka → JSON parse → discard), the sink ceiling (Kafka →
 * parse → raw rows into ClickHouse), the ClickPulse pipeline into ClickHouse, the same logic in
 * Flink SQL, ClickHouse's own Kafka engine with materialized views, the pipeline's cost on inputs
 * of other shapes (scaling), and the alert latency end to end. Checks every system's stored counts
 * against the input's ledger and reports CPU per event of each process. Prints a table and writes
 * it, with the machine's description, to {@code bench/results.md}.
 *
 * <p>Options: {@code --events N} (default 1,000,000), {@code --only
 * ceiling,sinkceiling,pipeline,flinksql,chkafka,scaling,alerts}, {@code --links N}, {@code
 * --one-click-share S}, {@code --scaling-events N}, {@code --spikes N} (40), {@code --seed S},
 * {@code --checkpoint-interval "2 s"}, {@code --parallelism 2}, {@code --results FILE}, {@code
 * --profile true} (Java Flight Recorder over the pipeline; hot spots in the results); see
 * bench/README.md.
 */
public final class Benchmarks {
  /** The warm-up runs' ClickHouse databases, dropped after them. */
  private static final String WARM_UP_SINK_CEILING = "warmup_sink";

  private static final String WARM_UP_PIPELINE = "warmup_pipeline";
  private static final String WARM_UP_SQL = "warmup_sql";

  private final BenchOptions options;
  private final Path runDir;
  private final Progress progress = new Progress();

  private Benchmarks(BenchOptions options, Path runDir) {
    this.options = options;
    this.runDir = runDir;
  }

  public static void main(String[] args) throws Exception {
    BenchOptions options;
    try {
      options = BenchOptions.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("clickpulse bench: " + e.getMessage());
      System.exit(2); // a usage error: every problem named, no stack trace (cli/bench.txt)
      return;
    }
    Path runDir = WorkDirs.newRunDir("bench");
    // Before anything logs: Flink, Kafka and ClickHouse clients log to this file, not the console.
    System.setProperty("clickpulse.logFile", runDir.resolve("bench.log").toString());
    new Benchmarks(options, runDir).run("Benchmarks " + String.join(" ", args));
  }

  private void run(String command) throws Exception {
    long start = System.nanoTime();
    String loadBefore = MachineInfo.loadAverage();
    progress.step("Run directory %s; load average %s", runDir, loadBefore);
    Report report = new Report();
    BenchInput input = null;
    try (BenchStack stack = BenchStack.start(runDir)) {
      progress.step(
          "Kafka at %s (pid %d), ClickHouse at %s (pid %d), Flink MiniCluster at %s",
          stack.kafka.bootstrapServers(),
          stack.kafka.pid(),
          stack.clickhouse.httpUrl(),
          stack.clickhouse.pid(),
          stack.flink.restUrl());
      if (options.needsInput()) {
        progress.step("Generating %,d events into Kafka ...", options.events());
        input = BenchInput.generate(stack.kafka, "bench.clicks.raw", options.input(), progress);
        report.input = input;
      }
      measureAll(stack, input, report);
    }
    List<ResultsTable.Row> rows = ResultsTable.rows(report);
    System.out.println();
    System.out.print(ResultsTable.text(rows));
    System.out.println();
    double minutes = (System.nanoTime() - start) / 6e10;
    ResultsFile.write(
        options.results(),
        new ResultsFile.Run(
            command, options, input, loadBefore, MachineInfo.loadAverage(), minutes),
        report,
        rows);
    progress.step("Wrote %s; run data in %s", options.results().toAbsolutePath(), runDir);
  }

  private void measureAll(BenchStack stack, BenchInput input, Report report) throws Exception {
    if (options.only().stream()
        .anyMatch(m -> m != Measure.CLICKHOUSE_KAFKA && m != Measure.ALERTS)) {
      warmUp(stack, input);
    }
    if (options.runs(Measure.CEILING)) {
      report.ceiling =
          measure(
              "ceiling",
              stack,
              report,
              () ->
                  CeilingBenchmark.run(
                      stack, input, options, CeilingBenchmark.Parse.JSON, "json", progress));
      report.validatingCeiling =
          measure(
              "ceiling + validation",
              stack,
              report,
              () ->
                  CeilingBenchmark.run(
                      stack,
                      input,
                      options,
                      CeilingBenchmark.Parse.VALIDATE,
                      "validate",
                      progress));
    }
    if (options.runs(Measure.SINK_CEILING)) {
      report.sinkCeiling =
          measure(
              "sink ceiling",
              stack,
              report,
              () -> SinkCeilingBenchmark.run(stack, input, options, progress));
    }
    if (options.runs(Measure.PIPELINE)) {
      JfrProfile profile = options.profile() ? JfrProfile.start() : null;
      report.pipeline =
          measure(
              "ClickPulse pipeline",
              stack,
              report,
              () -> PipelineBenchmark.run(stack, input, options, progress));
      if (profile != null) {
        Path recording = runDir.resolve("pipeline.jfr");
        report.hotspots.addAll(profile.stop(recording));
        progress.step("Profile in %s:", recording);
        report.hotspots.forEach(System.out::println);
      }
    }
    if (options.runs(Measure.FLINK_SQL)) {
      report.flinkSql =
          measure(
              "Flink SQL peer",
              stack,
              report,
              () -> FlinkSqlBenchmark.run(stack, input, options, progress));
    }
    if (options.runs(Measure.CLICKHOUSE_KAFKA)) {
      report.clickhouseKafka =
          measure(
              "ClickHouse Kafka engine peer",
              stack,
              report,
              () -> ClickHouseKafkaBenchmark.run(stack, input, progress));
    }
    if (options.runs(Measure.SCALING)) {
      report.scaling.addAll(ScalingBenchmark.run(stack, options, report, progress));
    }
    if (options.runs(Measure.ALERTS)) {
      progress.step("Measuring alert latency ...");
      CpuMeter cpu = CpuMeter.start(stack.pids());
      try {
        report.alerts = AlertLatencyBenchmark.run(stack, options, progress);
      } catch (Exception e) {
        report.failures.put("alert latency", String.valueOf(e));
        progress.step("alert latency FAILED: %s", e);
        org.slf4j.LoggerFactory.getLogger(Benchmarks.class).error("alert latency failed", e);
        return;
      } finally {
        report.cpu.put("alert latency", cpu.stop());
      }
      report.checks.put(
          "alert latency",
          String.format(
              "%d of %d planted spikes notified; latencies to the receiver (ms, sorted) %s;"
                  + " the alert was readable on the alerts topic after p50 %.0f ms, p99 %.0f ms",
              report.alerts.delivered(),
              report.alerts.planted(),
              report.alerts.millis(),
              report.alerts.toTopicPercentile(50),
              report.alerts.toTopicPercentile(99)));
    }
  }

  /**
   * Runs each Flink job to be measured once, unmeasured, on an input of its own, so that every
   * measure sees a JVM whose JIT compilers have compiled that job's hot paths, as a job that has
   * run for a while has: the first run of a job in this JVM spent 13 of its 84 Flink CPU seconds
   * compiling, and the pipeline's first run cost 10-28 % more per event than its second on the same
   * kind of input. Without a warm-up input, one ceiling job on the main input loads and compiles
   * Flink's own classes.
   */
  private void warmUp(BenchStack stack, BenchInput input) throws Exception {
    boolean ownInput = options.warmUpEvents() > 0;
    BenchInput in;
    if (ownInput) {
      progress.step(
          "Warming up: generating %,d events, each Flink job runs on them once (not measured) ...",
          options.warmUpEvents());
      in = BenchInput.generate(stack.kafka, "bench.warmup", options.warmUpInput(), progress);
    } else {
      progress.step("Warming up Flink with one ceiling job (not measured) ...");
      in = input;
    }
    Map<String, Callable<Throughput>> jobs = new LinkedHashMap<>();
    jobs.put(
        "ceiling",
        () ->
            CeilingBenchmark.run(
                stack, in, options, CeilingBenchmark.Parse.JSON, "warm-up", progress));
    if (ownInput && options.runs(Measure.SINK_CEILING)) {
      jobs.put(
          "sink ceiling",
          () -> SinkCeilingBenchmark.run(stack, in, options, WARM_UP_SINK_CEILING, progress));
    }
    if (ownInput && (options.runs(Measure.PIPELINE) || options.runs(Measure.SCALING))) {
      jobs.put(
          "pipeline",
          () ->
              PipelineBenchmark.run(
                  stack,
                  in,
                  options,
                  WARM_UP_PIPELINE,
                  "bench-" + WARM_UP_PIPELINE,
                  "warm-up pipeline",
                  progress));
    }
    if (ownInput && options.runs(Measure.FLINK_SQL)) {
      jobs.put("Flink SQL", () -> FlinkSqlBenchmark.run(stack, in, options, WARM_UP_SQL, progress));
    }
    for (var job : jobs.entrySet()) {
      Throughput warm = job.getValue().call();
      progress.step("  warm-up %s: %,.0f events/s", job.getKey(), warm.rate());
    }
    for (String database : List.of(WARM_UP_SINK_CEILING, WARM_UP_PIPELINE, WARM_UP_SQL)) {
      // Their merges must not cost the measures CPU.
      stack.clickhouse.query("DROP DATABASE IF EXISTS " + database + " SYNC");
    }
  }

  private Throughput measure(String name, BenchStack stack, Report report, Callable<Throughput> run)
      throws Exception {
    progress.step("Measuring %s ...", name);
    CpuMeter cpu = CpuMeter.start(stack.pids());
    Throughput result;
    try {
      result = run.call();
    } catch (Exception e) {
      // One broken measure must not cost the others: it shows as failed in the table.
      report.failures.put(name, String.valueOf(e));
      report.cpu.put(name, cpu.stop());
      progress.step("%s FAILED: %s (details in %s)", name, e, runDir.resolve("bench.log"));
      org.slf4j.LoggerFactory.getLogger(Benchmarks.class).error("{} failed", name, e);
      return null;
    }
    report.cpu.put(name, cpu.stop());
    report.checks.put(name, result.check());
    report.ledger.addAll(result.ledger());
    if (!result.threads().isEmpty()) {
      report.threads.put(name, result.threads());
    }
    progress.step(
        "%s: %,.0f events/s (%,d events in %.1f s%s); %s",
        name,
        result.rate(),
        result.events(),
        result.wall().toMillis() / 1e3,
        result.net() == null
            ? ""
            : String.format(
                ", net %.1f s = %,.0f events/s", result.net().toMillis() / 1e3, result.netRate()),
        result.check());
    return result;
  }
}
