package io.clickpulse.bench;

import io.clickpulse.stack.traffic.RealisticTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The pipeline's own cost per event on inputs that differ only in how many links are clicked and
 * how many visitors click once: the same event count, seed and everything else. A cost that grows
 * with links or visitors rather than clicks shows as a spread against the base run.
 */
final class ScalingBenchmark {
  /** One input shape; the first is the base the others are compared with. */
  record Variant(int links, double oneClickShare) {
    String describe() {
      return String.format(Locale.ROOT, "%,d links, %.0f %% one-click", links, oneClickShare * 100);
    }
  }

  /**
   * One scaling run.
   *
   * @param throughput null if the run failed (see the report's failures)
   * @param cpu CPU of each process over the pipeline's run (input generation excluded)
   */
  record Run(Variant variant, BenchInput input, Throughput throughput, CpuUsage cpu) {
    /** The Flink process's CPU microseconds per input event: the pipeline's own cost. */
    double flinkMicrosPerEvent() {
      return cpu.microsPerEvent(BenchStack.FLINK, input.events());
    }
  }

  static final int BASE_LINKS = 100_000;
  static final List<Integer> LINKS = List.of(1_000, 1_000_000);
  static final List<Double> ONE_CLICK_SHARES = List.of(0.10, 0.95);

  /** Operator names of the state the runs report, as {@code ClickPipelineJob} names them. */
  static final String OBSERVE = "observe-minutes";

  static final String BOTS = "client-patterns";
  static final String DEDUP = "deduplicate";

  /**
   * The accumulator counting the subject minutes {@code observe-minutes} judges: its work per
   * minute of event time (it has no timers; the watermark closes the minutes).
   */
  static final String SUBJECT_TIMERS = "alert_subject_minutes";

  private ScalingBenchmark() {}

  /** The base (100,000 links, the model's one-click share), then each link count and share. */
  static List<Variant> variants() {
    double share = RealisticTraffic.Options.builder().build().oneClickShare();
    List<Variant> variants = new ArrayList<>();
    variants.add(new Variant(BASE_LINKS, share));
    LINKS.forEach(links -> variants.add(new Variant(links, share)));
    ONE_CLICK_SHARES.forEach(s -> variants.add(new Variant(BASE_LINKS, s)));
    return variants;
  }

  /** Runs every variant; one that fails is reported and the others still run. */
  static List<Run> run(BenchStack stack, BenchOptions options, Report report, Progress progress) {
    List<Run> runs = new ArrayList<>();
    List<Variant> variants = variants();
    for (int i = 0; i < variants.size(); i++) {
      Variant variant = variants.get(i);
      String name = "scaling: " + variant.describe();
      progress.step("Scaling run %d of %d: %s ...", i + 1, variants.size(), variant.describe());
      String database = "scaling" + i;
      try {
        BenchInput input =
            BenchInput.generate(
                stack.kafka,
                "bench.scaling." + i,
                BenchInput.options(options.scalingEvents(), options.seed(), options.span())
                    .links(variant.links())
                    .oneClickShare(variant.oneClickShare())
                    .build(),
                progress);
        CpuMeter cpu = CpuMeter.start(stack.pids());
        Throughput result =
            PipelineBenchmark.run(
                stack, input, options, database, "bench-scaling-" + i, name, progress);
        CpuUsage used = cpu.stop();
        report.cpu.put(name, used);
        report.checks.put(name, result.check());
        report.ledger.addAll(result.ledger());
        runs.add(new Run(variant, input, result, used));
        progress.step(
            "  %,.0f events/s, Flink %.1f µs/event; CPU %s",
            result.rate(), runs.get(runs.size() - 1).flinkMicrosPerEvent(), used);
      } catch (Exception e) {
        report.failures.put(name, String.valueOf(e));
        progress.step("%s FAILED: %s", name, e);
        org.slf4j.LoggerFactory.getLogger(ScalingBenchmark.class).error("{} failed", name, e);
      } finally {
        // Merges of this run's tables must not cost the next run CPU.
        stack.clickhouse.query("DROP DATABASE IF EXISTS " + database + " SYNC");
      }
    }
    return runs;
  }
}
