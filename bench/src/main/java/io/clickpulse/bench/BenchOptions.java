package io.clickpulse.bench;

import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.stack.traffic.RealisticTraffic;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Command-line options of {@link Benchmarks}.
 *
 * @param events generated input records (duplicates, conflicts and malformed ones included)
 * @param seed generator seed
 * @param only the measures to run
 * @param spikes planted spikes for the alert latency
 * @param checkpointInterval of the throughput jobs (the alert latency always uses 1 s)
 * @param parallelism of every Flink job
 * @param results the Markdown file to write
 * @param microResults the micro benchmarks' results, appended when present
 * @param profile record the pipeline with Java Flight Recorder and list its hot spots
 * @param tailLimit how long the pipeline may keep running after all its rows are in ClickHouse
 *     before it is cancelled (its net runtime is then unknown)
 * @param pipelineRules an alert rules file for the pipeline's throughput run (null: the bundled
 *     rules), to measure what a rule costs
 * @param pipelineConf Flink options set on the pipeline's job on top of its own, to measure what a
 *     setting would change (empty: the job exactly as deployed)
 * @param pipelineSettings the pipeline's own settings (docs/configuration keys such as {@code
 *     clickhouse.batch-size}) for its throughput run, on top of the benchmark's (empty: defaults)
 * @param links links in the main input's popularity model
 * @param oneClickShare share of the main input's new visitors who click once
 * @param scalingEvents records in each scaling run's input
 * @param span event time each input covers (12 h; shorter only for tests, where a tiny input over
 *     12 h leaves minutes without clicks and the ledger's late clicks are no longer exact)
 * @param warmUpEvents records of the warm-up input each Flink job runs on once before it is
 *     measured (0: only one ceiling job on the main input warms Flink up)
 */
public record BenchOptions(
    int events,
    long seed,
    Set<Measure> only,
    int spikes,
    Duration checkpointInterval,
    int parallelism,
    Path results,
    Path microResults,
    boolean profile,
    Duration tailLimit,
    Path pipelineRules,
    Map<String, String> pipelineConf,
    Map<String, String> pipelineSettings,
    int links,
    double oneClickShare,
    int scalingEvents,
    Duration span,
    int warmUpEvents) {

  public static BenchOptions parse(String[] args) {
    Settings s = Settings.load(args, Map.of());
    int events = s.integer("events", 1_000_000, 100, 50_000_000);
    long seed = s.integer("seed", 42, 0, Integer.MAX_VALUE);
    String only = s.string("only", Measure.allOptions());
    int spikes = s.integer("spikes", 40, 1, 200);
    Duration checkpointInterval = s.duration("checkpoint-interval", Duration.ofSeconds(10));
    int parallelism = s.integer("parallelism", 2, 1, 64);
    Path results = Paths.get(s.string("results", "bench/results.md"));
    Path micro = Paths.get(s.string("micro-results", "microbench/target/micro-results.md"));
    boolean profile = s.bool("profile", false);
    Duration tailLimit = s.duration("tail-limit", Duration.ofMinutes(2));
    String rules = s.string("pipeline-rules", null);
    // The traffic model's own defaults (docs/traffic.md).
    RealisticTraffic.Options model = RealisticTraffic.Options.builder().build();
    int links = s.integer("links", model.links(), 100, 10_000_000);
    double oneClickShare = model.oneClickShare();
    String share = s.string("one-click-share", null);
    if (share != null) {
      try {
        oneClickShare = Double.parseDouble(share);
      } catch (NumberFormatException e) {
        oneClickShare = Double.NaN;
      }
      if (!(oneClickShare >= 0 && oneClickShare <= 1)) {
        s.problem("--one-click-share: expected a share in [0, 1], got '" + share + "'");
      }
    }
    int scalingEvents = s.integer("scaling-events", events, 100, 50_000_000);
    Duration span = s.duration("span", BenchInput.SPAN);
    // Enough for the JIT compilers to finish the hot paths of each job (most methods are compiled
    // after 10,000 calls), a fifth of the default input.
    int warmUpEvents = s.integer("warm-up-events", Math.min(200_000, events / 5), 0, events);
    Map<String, String> conf = keyValues(s, "pipeline-conf");
    Map<String, String> settings = keyValues(s, "pipeline-settings");
    Set<Measure> measures = EnumSet.noneOf(Measure.class);
    for (String name : only.split(",")) {
      try {
        measures.add(Measure.of(name));
      } catch (IllegalArgumentException e) {
        s.problem("--only: " + e.getMessage());
      }
    }
    s.validate();
    return new BenchOptions(
        events,
        seed,
        measures,
        spikes,
        checkpointInterval,
        parallelism,
        results,
        micro,
        profile,
        tailLimit,
        rules == null ? null : Paths.get(rules).toAbsolutePath(),
        Map.copyOf(conf),
        Map.copyOf(settings),
        links,
        oneClickShare,
        scalingEvents,
        span,
        warmUpEvents);
  }

  /** The {@code key=value;key=value} pairs of option {@code name}, in their order. */
  private static Map<String, String> keyValues(Settings s, String name) {
    Map<String, String> pairs = new LinkedHashMap<>();
    for (String pair : s.string(name, "").split(";")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        s.problem("--" + name + ": expected key=value;key=value, got '" + pair + "'");
      } else {
        pairs.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
      }
    }
    return pairs;
  }

  /** The main input's generator options. */
  RealisticTraffic.Options input() {
    return BenchInput.options(events, seed, span).links(links).oneClickShare(oneClickShare).build();
  }

  /** The warm-up input's generator options: the main input's model, another seed, fewer records. */
  RealisticTraffic.Options warmUpInput() {
    return BenchInput.options(warmUpEvents, seed + 1, span)
        .links(links)
        .oneClickShare(oneClickShare)
        .build();
  }

  public boolean runs(Measure measure) {
    return only.contains(measure);
  }

  /**
   * Whether any measure reads the generated input: the alert latency has its own traffic; the
   * scaling runs have their own inputs but their Flink warm-up reads this one.
   */
  public boolean needsInput() {
    return only.stream().anyMatch(m -> m != Measure.ALERTS);
  }
}
