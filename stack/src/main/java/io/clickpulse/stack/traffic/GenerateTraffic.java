package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends realistic click traffic to Kafka: a day's curve compressed into the run, planted incidents
 * (scenario {@code demo}) and planted duplicates, conflicting ids and malformed records. Prints
 * progress every 10 seconds and, at the end, what the pipeline must make of it.
 *
 * <pre>
 * --bootstrap HOST:PORT   required
 * --topic clicks.raw      --rate 200 (events/s at the peak)   --duration 10m
 * --speedup 60 (event time per wall time; 1 = live)           --scenario demo|steady   --seed 42
 * </pre>
 */
public final class GenerateTraffic {
  private GenerateTraffic() {}

  public static void main(String[] args) throws Exception {
    TrafficRun.Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("generate-traffic: " + e.getMessage());
      System.exit(2);
      return;
    }
    TrafficRun run = new TrafficRun(options);
    ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
    progress.scheduleAtFixedRate(
        () -> System.out.printf("%,d events sent%n", run.sent()), 10, 10, TimeUnit.SECONDS);
    Runtime.getRuntime().addShutdownHook(new Thread(run::stop));
    TrafficRun.Result result = run.run();
    progress.shutdownNow();
    System.out.println("done: " + result.ledger());
    result
        .incidents()
        .forEach(
            i ->
                System.out.printf(
                    "planted %s (%s, expect %s) at %s%n",
                    i.incident().name(),
                    i.incident().linkId(),
                    i.incident().expectedRule(),
                    i.firstSent()));
  }

  /** Parses {@code --name value} pairs; durations like {@code 90s}, {@code 10m}, {@code 1h}. */
  static TrafficRun.Options parse(String[] args) {
    Map<String, String> o =
        new HashMap<>(
            Map.of(
                "topic", "clicks.raw",
                "rate", "200",
                "duration", "10m",
                "speedup", "60",
                "scenario", "demo",
                "seed", "42"));
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      if (!o.containsKey(name) && !name.equals("bootstrap")) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      o.put(name, args[i + 1]);
    }
    if (!o.containsKey("bootstrap")) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    return new TrafficRun.Options(
        o.get("bootstrap"),
        o.get("topic"),
        number(o, "rate"),
        duration(o.get("duration")),
        number(o, "speedup"),
        o.get("scenario"),
        new ClickTrafficGenerator.Options((long) number(o, "seed"), 0.05, 0.01, 0.02));
  }

  /**
   * A duration such as {@code 90s}, {@code 10m}, {@code 3 min}, {@code 1h} or ISO {@code PT10M}.
   */
  public static Duration duration(String text) {
    String t =
        text.toUpperCase(Locale.ROOT)
            .replaceAll("\\s+", "")
            .replaceAll("(MINUTES?|MINS?)$", "M")
            .replaceAll("(SECONDS?|SECS?)$", "S")
            .replaceAll("HOURS?$", "H");
    try {
      return Duration.parse(t.startsWith("P") ? t : "PT" + t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (write e.g. 90s, 10m or 1h)");
    }
  }

  private static double number(Map<String, String> o, String name) {
    try {
      return Double.parseDouble(o.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was " + o.get(name));
    }
  }
}
