package io.clickpulse.microbench.jmh;

import io.clickpulse.microbench.Progress;
import io.clickpulse.microbench.Results;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs the hot-path JMH benchmarks and reports throughput per call on one thread. */
public final class JmhSection {
  /** Benchmark method → what one call does, in report order. */
  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

  static {
    DESCRIPTIONS.put(
        ParseBenchmark.class.getName() + ".parse",
        "parse + validate one JSON click record (ClickEventParser)");
    DESCRIPTIONS.put(
        UtmBenchmark.class.getName() + ".normalize",
        "UTM normalization, 5 fields + channel (UtmNormalizer)");
    DESCRIPTIONS.put(
        UserAgentBenchmark.class.getName() + ".cached",
        "user agent, cached (repeated agents, YAUAA LRU hit)");
    DESCRIPTIONS.put(
        UserAgentBenchmark.class.getName() + ".cold",
        "user agent, cold (unseen agent, YAUAA parse)");
    DESCRIPTIONS.put(
        VisitorHashBenchmark.class.getName() + ".visitorId",
        "visitor id: HMAC-SHA256(ip, user agent) (IpPrivacy)");
    DESCRIPTIONS.put(
        VisitorHashBenchmark.class.getName() + ".perClick",
        "visitor id + IP hash + network per click (IpPrivacy)");
    DESCRIPTIONS.put(
        SerializationBenchmark.class.getName() + ".clickPojo",
        "enriched click written + read, Flink's POJO serializer (before: network)");
    DESCRIPTIONS.put(
        SerializationBenchmark.class.getName() + ".clickWire",
        "enriched click written + read, its wire format (network)");
    DESCRIPTIONS.put(
        SerializationBenchmark.class.getName() + ".clientPojo",
        "a client's recent clicks (1) written + read, POJO serializer (before: state)");
    DESCRIPTIONS.put(
        SerializationBenchmark.class.getName() + ".clientWire",
        "a client's recent clicks (1) written + read, its wire format (state)");
  }

  /** Iteration counts and times; the full run uses 1 fork, 3 x 1 s warm-up, 5 x 1 s measured. */
  public record Settings(int forks, int warmups, int measurements, TimeValue iterationTime) {
    public static final Settings FULL = new Settings(1, 3, 5, TimeValue.seconds(1));

    /** In-process and a few hundred milliseconds per benchmark: checks that the wiring works. */
    public static final Settings SMOKE = new Settings(0, 1, 1, TimeValue.milliseconds(200));
  }

  private JmhSection() {}

  public static void run(Settings settings, Results results) throws RunnerException {
    long seconds =
        DESCRIPTIONS.size()
            * settings.forks()
            * (settings.warmups() + settings.measurements())
            * settings.iterationTime().convertTo(TimeUnit.SECONDS);
    Progress.say(
        "JMH: %d benchmarks, %s; about %d s plus JVM and YAUAA start-up",
        DESCRIPTIONS.size(), settings, seconds);
    OptionsBuilder options = new OptionsBuilder();
    DESCRIPTIONS.keySet().forEach(name -> options.include("^" + Pattern.quote(name) + "$"));
    Options built =
        options
            .mode(Mode.Throughput)
            .timeUnit(TimeUnit.SECONDS)
            .forks(settings.forks())
            .warmupIterations(settings.warmups())
            .warmupTime(settings.iterationTime())
            .measurementIterations(settings.measurements())
            .measurementTime(settings.iterationTime())
            .threads(1)
            .jvmArgsAppend("-Xms1g", "-Xmx1g")
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();
    Collection<RunResult> runs = new Runner(built).run();

    Results.Table table =
        results.table(
            "Hot paths (JMH, one thread)",
            "what one call does",
            "calls/s",
            "± (99.9 %)",
            "µs/call",
            "best iteration, calls/s");
    for (Map.Entry<String, String> benchmark : DESCRIPTIONS.entrySet()) {
      Result<?> r = primary(runs, benchmark.getKey());
      String name = shortName(benchmark.getKey());
      table.row(
          benchmark.getValue(),
          r.getScore(),
          r.getScoreError(),
          1e6 / r.getScore(),
          r.getStatistics().getMax());
      results.figure("jmh." + name + ".ops_per_s", r.getScore());
      Progress.say("JMH %s: %s calls/s", name, Results.number(r.getScore()));
    }
    table
        .note(
            "Throughput of one call on one thread in a forked JVM (-Xmx1g), "
                + settings.forks()
                + " fork(s), "
                + settings.warmups()
                + " warm-up and "
                + settings.measurements()
                + " measured iterations of "
                + settings.iterationTime()
                + "; ± is JMH's 99.9 % confidence half-width.")
        .note(
            "Inputs are the traffic generator's records (its campaign catalog, browser and bot"
                + " agents, 10 % IPv6), 1,024 distinct ones cycled; the cold user-agent case uses"
                + " 200,000 distinct agents (catalog agents with other build numbers) against the"
                + " production cache of 20,000, so every call misses; the user-agent classifier"
                + " asks YAUAA for the 5 fields the pipeline stores.");
  }

  /** "io.clickpulse.microbench.jmh.UserAgentBenchmark.cold" → "UserAgent.cold". */
  static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts[parts.length - 2].replace("Benchmark", "") + "." + parts[parts.length - 1];
  }

  private static Result<?> primary(Collection<RunResult> runs, String benchmark) {
    return runs.stream()
        .filter(r -> r.getParams().getBenchmark().equals(benchmark))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("JMH did not run " + benchmark))
        .getPrimaryResult();
  }
}
