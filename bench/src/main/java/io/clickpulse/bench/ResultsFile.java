package io.clickpulse.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Writes a run's results as Markdown: the machine, the input, the settings, the table, notes. */
final class ResultsFile {
  private ResultsFile() {}

  /** What a run was: everything the file states besides the figures. */
  record Run(
      String command,
      BenchOptions options,
      BenchInput input,
      String loadBefore,
      String loadAfter,
      double minutes) {}

  static void write(Path file, Run run, Report report, List<ResultsTable.Row> rows) {
    StringBuilder md = new StringBuilder();
    md.append("# ClickPulse throughput and alert latency\n\n");
    md.append("Written by `io.clickpulse.bench.Benchmarks` (`./clickpulse bench`) on ")
        .append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME))
        .append(String.format(", a run of %.1f min: `%s`.%n%n", run.minutes(), run.command()));

    md.append("## Machine\n\n").append(MachineInfo.describe()).append('\n');
    md.append("- Load average (1, 5, 15 min) before: ")
        .append(run.loadBefore())
        .append("; after: ")
        .append(run.loadAfter())
        .append(
            ". Other agents shared this machine; a load above the core count means the figures"
                + " include waiting for CPU.\n\n");

    md.append("## Input and settings\n\n");
    if (run.input() != null) {
      BenchInput input = run.input();
      md.append(
          String.format(
              Locale.ROOT,
              "- Input: %s (%.1f MB of JSON, about %d bytes each) generated once into Kafka topic"
                  + " `%s` (%d partitions) as one backlog by `RealisticTraffic` with seed %d"
                  + " (docs/traffic.md: a day's curve, Zipf exponent %.2f, returning visitors,"
                  + " late and out-of-order arrivals, the demo's incidents; %.0f %% duplicates,"
                  + " %.0f %% conflicts, %.0f %% malformed): %s; %,d distinct links and %,d"
                  + " distinct visitors among the non-test clicks in time.%n",
              input.describe(),
              input.bytes() / 1e6,
              input.bytes() / Math.max(1, input.events()),
              input.topic(),
              BenchInput.PARTITIONS,
              run.options().seed(),
              input.options().zipfExponent(),
              input.options().duplicateRate() * 100,
              input.options().conflictRate() * 100,
              input.options().malformedRate() * 100,
              input.ledger(),
              input.ledger().distinctLinks(),
              input.ledger().distinctVisitors()));
    }
    if (!report.scaling.isEmpty()) {
      md.append("- Scaling runs, each on its own input of the same size and seed:\n");
      report.scaling.forEach(
          scaling ->
              md.append(
                  String.format(
                      Locale.ROOT,
                      "  - %s: %s; %,d distinct links, %,d distinct visitors.%n",
                      scaling.input().describe(),
                      scaling.input().ledger(),
                      scaling.input().ledger().distinctLinks(),
                      scaling.input().ledger().distinctVisitors())));
    }
    md.append(
        String.format(
            "- Engines: one Kafka broker (KRaft, own JVM) and one ClickHouse engine (chdb, own"
                + " process), both on loopback; Flink %s as a MiniCluster inside the benchmark"
                + " JVM (1 TaskManager, 4 slots, 512 MB managed memory), jobs submitted over its"
                + " REST endpoint; measures run one after another, never overlapping.%n",
            org.apache.flink.runtime.util.EnvironmentInformation.getVersion()));
    md.append(
        String.format(
            "- Flink jobs: parallelism %d; RocksDB state backend with incremental checkpoints"
                + " to the file system; checkpoint interval %d ms for the throughput jobs (the"
                + " ceiling runs without checkpoints), 1 s for the alert-latency jobs.%n",
            run.options().parallelism(), run.options().checkpointInterval().toMillis()));
    md.append(
        run.options().warmUpEvents() > 0
            ? String.format(
                "- Warm-up: before the measures, each Flink job measured (ceiling, sink ceiling,"
                    + " pipeline, Flink SQL peer) ran once, unmeasured, on %,d records of the same"
                    + " traffic model with seed %d, so that every measure sees the JIT compilers"
                    + " done with its hot paths, as in a job that has run for a while.%n",
                run.options().warmUpEvents(), run.options().seed() + 1)
            : "- Warm-up: one ceiling job on the input, unmeasured; each job's first run pays"
                + " its own JIT compilation.\n");
    if (run.options().pipelineRules() != null) {
      md.append("- The pipeline's throughput run used the alert rules in `")
          .append(run.options().pipelineRules())
          .append("`, not the bundled ones.\n");
    }
    if (!run.options().pipelineConf().isEmpty()) {
      md.append("- The pipeline's throughput run added these Flink options: `")
          .append(run.options().pipelineConf())
          .append("`.\n");
    }
    if (!run.options().pipelineSettings().isEmpty()) {
      md.append("- The pipeline's throughput run had these settings of its own: `")
          .append(run.options().pipelineSettings())
          .append("`.\n");
    }
    md.append(
        "- ClickHouse writes: the pipeline's JDBC sinks (batches of 10,000 rows or 2 s, flushed"
            + " on every checkpoint; `clicks_minute`, `alerts` and `bot_clients` in batches of"
            + " 10,000 once the checkpoint holding the rows completes); the Flink SQL peer uses"
            + " the JDBC table connector with the same batch settings.\n\n");

    md.append("## Results\n\n").append(ResultsTable.markdown(rows)).append('\n');
    md.append("What the systems produced, and where the CPU went during each measure:\n\n");
    report.checks.forEach(
        (measure, check) -> {
          md.append("- ").append(measure).append(": ").append(check);
          CpuUsage cpu = report.cpu.get(measure);
          md.append(cpu == null ? "" : "; CPU: " + cpu).append('\n');
        });
    report.failures.forEach(
        (measure, error) ->
            md.append("- ").append(measure).append(": **failed**: ").append(error).append('\n'));
    md.append('\n');

    report.threads.forEach(
        (measure, lines) -> {
          md.append("CPU by thread in the Flink JVM during *")
              .append(measure)
              .append(
                  "* (task threads are named after their operator chain; the JVM's own threads"
                      + " and RocksDB's native ones are read from /proc):\n\n```\n");
          lines.forEach(line -> md.append(line).append('\n'));
          md.append("```\n\n");
        });

    md.append(resource("figures.md")).append('\n');

    if (!report.hotspots.isEmpty()) {
      md.append("## Pipeline profile (Java Flight Recorder, execution samples)\n\n```\n");
      report.hotspots.forEach(line -> md.append(line).append('\n'));
      md.append("```\n\n");
    }

    Path micro = run.options().microResults();
    if (Files.isRegularFile(micro)) {
      // The micro results bring their own heading.
      md.append(read(micro).strip()).append('\n');
    } else {
      md.append("## Micro benchmarks (`microbench/`)\n\n")
          .append("Not included: `")
          .append(micro)
          .append("` did not exist when this file was written.\n");
    }
    try {
      if (file.getParent() != null) {
        Files.createDirectories(file.getParent());
      }
      Files.writeString(file, md.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ResultsFile.class.getResourceAsStream(name)) {
      return new String(
          Objects.requireNonNull(in, "missing resource " + name).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
