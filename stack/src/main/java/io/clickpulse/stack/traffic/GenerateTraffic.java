package io.clickpulse.stack.traffic;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends realistic click traffic ({@link RealisticTraffic}, docs/traffic.md) to Kafka, live or as a
 * backlog. Prints progress every 10 seconds and, at the end, what the pipeline must make of it.
 *
 * <pre>
 * --bootstrap HOST:PORT   required                 --topic clicks.raw
 * live (default):  --rate 200 (events/s at the day's peak)   --duration 10m
 *                  --speedup 60 (event time per wall time; 1 = live)
 * backlog:         --backlog 12h (event time up to now, sent at once)   --events 200000
 * the model:       --scenario demo|steady   --seed 42   --links 100000   --producers 8
 *                  --producer-skew 0s   --late-share 0.002   --one-click-share 0.8   --zone UTC
 * link events:     --links-topic links (off unless set: the links' events and, in scenario demo,
 *                  the planted lifecycle problems, keyed by link id; docs/traffic.md)
 * conversions:     --conversions-topic conversions (off unless set: scenario demo's conversions,
 *                  keyed by conversion id; docs/traffic.md)
 * </pre>
 */
public final class GenerateTraffic {
  private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();

  static {
    DEFAULTS.put("topic", "clicks.raw");
    DEFAULTS.put("rate", "200");
    DEFAULTS.put("duration", "10m");
    DEFAULTS.put("speedup", "60");
    DEFAULTS.put("events", "200000");
    DEFAULTS.put("scenario", "demo");
    DEFAULTS.put("seed", "42");
    DEFAULTS.put("links", "100000");
    DEFAULTS.put("producers", "8");
    DEFAULTS.put("producer-skew", "0s");
    DEFAULTS.put("late-share", "0.002");
    DEFAULTS.put("one-click-share", "0.8");
    DEFAULTS.put("zone", "UTC");
    DEFAULTS.put("links-topic", "");
    DEFAULTS.put("conversions-topic", "");
  }

  private static final List<String> LIVE_ONLY = List.of("rate", "duration", "speedup");

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
    long started = System.nanoTime();
    TrafficRun.Result result = run.run();
    progress.shutdownNow();
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "done in %.1f s (%,.0f events/s), event time %s to %s: %s%n",
        seconds, result.ledger().total() / seconds, result.from(), result.to(), result.ledger());
    System.out.printf(
        "late clicks (expect them in late_clicks): %,d%n", result.ledger().expectedLateClicks());
    if (options.linksTopic() != null) {
      LinkLedger links = result.links();
      System.out.printf(
          "link events sent to %s: %,d %s%n",
          options.linksTopic(), links.events(), new java.util.TreeMap<>(links.eventsByType()));
      links
          .problems()
          .forEach(
              p ->
                  System.out.printf(
                      "planted lifecycle problem %s (%s, expect %s)%n",
                      p.name(),
                      p.subject(),
                      p.expectedRule() == null ? "no alert" : p.expectedRule()));
    }
    if (options.conversionsTopic() != null) {
      System.out.printf(
          "conversions sent to %s: %s%n", options.conversionsTopic(), result.conversions());
    }
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
    Map<String, String> given = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
      }
      String name = args[i].substring(2);
      if (!DEFAULTS.containsKey(name) && !name.equals("bootstrap") && !name.equals("backlog")) {
        throw new IllegalArgumentException("unknown option --" + name);
      }
      given.put(name, args[i + 1]);
    }
    if (!given.containsKey("bootstrap")) {
      throw new IllegalArgumentException("--bootstrap HOST:PORT is required");
    }
    boolean backlog = given.containsKey("backlog");
    if (backlog && LIVE_ONLY.stream().anyMatch(given::containsKey)) {
      throw new IllegalArgumentException(
          "--rate, --duration and --speedup pace a live run; --backlog sends its span at once:"
              + " give one or the other");
    }
    if (!backlog && given.containsKey("events")) {
      throw new IllegalArgumentException(
          "--events sets the volume of a --backlog; a live run sends --rate events/s");
    }
    Map<String, String> o = new HashMap<>(DEFAULTS);
    o.putAll(given);
    RealisticTraffic.Options traffic =
        RealisticTraffic.Options.builder()
            .seed(integer(o, "seed"))
            .events(integer(o, "events"))
            .scenario(o.get("scenario"))
            .links((int) integer(o, "links"))
            .producers((int) integer(o, "producers"))
            .producerSkew(duration(o, "producer-skew"))
            .lateShare(number(o, "late-share"))
            .oneClickShare(number(o, "one-click-share"))
            .zone(zone(o.get("zone")))
            .build();
    return new TrafficRun.Options(
        o.get("bootstrap"),
        o.get("topic"),
        number(o, "rate"),
        duration(o, "duration"),
        number(o, "speedup"),
        backlog ? duration(o, "backlog") : null,
        traffic,
        o.get("links-topic").isBlank() ? null : o.get("links-topic"),
        o.get("conversions-topic").isBlank() ? null : o.get("conversions-topic"));
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
            .replaceAll("HOURS?$", "H")
            .replaceAll("DAYS?$", "D");
    try {
      if (t.endsWith("D") && !t.startsWith("P")) {
        return Duration.parse("P" + t);
      }
      return Duration.parse(t.startsWith("P") ? t : "PT" + t);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (write e.g. 90s, 10m or 1h)");
    }
  }

  private static Duration duration(Map<String, String> o, String name) {
    try {
      return duration(o.get(name));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + ": " + e.getMessage());
    }
  }

  private static double number(Map<String, String> o, String name) {
    try {
      return Double.parseDouble(o.get(name));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + name + " must be a number, was " + o.get(name));
    }
  }

  private static long integer(Map<String, String> o, String name) {
    try {
      return Long.parseLong(o.get(name).replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "--" + name + " must be a whole number, was " + o.get(name));
    }
  }

  private static ZoneId zone(String text) {
    try {
      return ZoneId.of(text);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "--zone must be a time zone such as UTC, +02:00 or Europe/Berlin, was " + text);
    }
  }
}
