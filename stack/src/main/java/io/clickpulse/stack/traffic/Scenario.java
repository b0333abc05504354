package io.clickpulse.stack.traffic;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The shape of generated traffic over a run: a day's curve compressed into the run's event-time
 * span, and the incidents planted in it at fixed fractions of the span.
 *
 * <ul>
 *   <li>{@code demo}: a spike on one link, a bot burst, an email-scanner sweep, a broken
 *       destination and campaign clicks missing their UTM parameters;
 *   <li>{@code steady}: the curve only, nothing planted (no alert should fire).
 * </ul>
 *
 * Duplicates, conflicting ids and malformed records are planted in every scenario by the
 * generator's rates.
 */
public final class Scenario {
  public static final List<String> NAMES = List.of("demo", "steady");

  /** Event time a scenario needs: 15 minutes of baseline warm-up before the first incident. */
  public static final Duration MIN_SPAN = Duration.ofHours(1);

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final int BASE_LINKS = Catalog.CAMPAIGNS.size() * Catalog.LINKS_PER_CAMPAIGN;
  private static final String SPIKE_CAMPAIGN = "cmp-launch-video";
  private static final String BROKEN_CAMPAIGN = "cmp-store-posters";
  private static final int BROKEN_LINK = 2;
  private static final int BROKEN_MINUTES = 4;

  private final String name;
  private final long start;
  private final long span;
  private final double eventsPerMinute;
  private final List<PlantedIncident> incidents = new ArrayList<>();
  private long brokenFrom = Long.MAX_VALUE;
  private long brokenTo = Long.MIN_VALUE;

  /**
   * @param start event time where the run begins
   * @param span event time the run covers
   * @param eventsPerMinute everyday events per minute of event time at the curve's peak
   */
  public static Scenario named(
      String name, long start, Duration span, double eventsPerMinute, long seed) {
    if (!NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown scenario '" + name + "'; choose one of " + NAMES);
    }
    if (span.compareTo(MIN_SPAN) < 0) {
      throw new IllegalArgumentException(
          "the run covers "
              + span.toMinutes()
              + " minutes of event time; scenarios need at least "
              + MIN_SPAN.toMinutes()
              + " (alert baselines learn for 15 minutes first): raise --duration or --speedup");
    }
    Scenario scenario = new Scenario(name, start, span.toMillis(), eventsPerMinute);
    if (name.equals("demo")) {
      scenario.plantDemo(new Random(seed));
    }
    return scenario;
  }

  private Scenario(String name, long start, long span, double eventsPerMinute) {
    this.name = name;
    this.start = start;
    this.span = span;
    this.eventsPerMinute = eventsPerMinute;
  }

  public String name() {
    return name;
  }

  /** Event time where the run begins. */
  public Instant start() {
    return Instant.ofEpochMilli(start);
  }

  /** Event time the run covers. */
  public Duration span() {
    return Duration.ofMillis(span);
  }

  /**
   * Everyday traffic relative to the peak at event time {@code t}: one day's curve over the run,
   * from a night at 20 % to a midday peak. Smooth enough that baselines follow it without alerts.
   */
  public double rateMultiplier(long t) {
    double dayFraction = Math.min(1, Math.max(0, (t - start) / (double) span));
    return 0.6 - 0.4 * Math.cos(2 * Math.PI * dayFraction);
  }

  /** Changes an everyday event at its event time: clicks on a broken link get the error too. */
  public void adjust(ObjectNode event) {
    long t = event.get("event_time").asLong();
    if (t >= brokenFrom
        && t <= brokenTo
        && event.get("link_id").asText().equals(Catalog.linkId(BROKEN_CAMPAIGN, BROKEN_LINK))) {
      event.put("redirect_status", 502);
    }
  }

  public List<PlantedIncident> incidents() {
    return List.copyOf(incidents);
  }

  private long at(double fraction) {
    return start + (long) (span * fraction) / MINUTE * MINUTE;
  }

  /** Everyday human clicks per minute on one link at event time {@code t}. */
  private double humanClicksPerLinkMinute(long t) {
    return eventsPerMinute * rateMultiplier(t) * 0.85 / BASE_LINKS;
  }

  private void plantDemo(Random random) {
    plantBotBurst(at(0.25) + 17 * SECOND);
    plantScannerSweep(at(0.30) + 41 * SECOND);
    plantSpike(at(0.40), random);
    plantBrokenDestination(at(0.55), random);
    plantMissingUtm(at(0.65), random);
  }

  private void plantBotBurst(long from) {
    Consumer<ObjectNode> client = client("203.0.113.77", "python-requests/2.31.0");
    List<PlantedIncident.Click> clicks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      clicks.add(new PlantedIncident.Click(from + i * 200, 1, client));
    }
    incidents.add(
        PlantedIncident.of(
            "bot burst",
            "one client (python-requests) clicks a paid link 40 times in 8 seconds",
            "bot_burst",
            "cmp-retarget",
            clicks));
  }

  private void plantScannerSweep(long from) {
    // Mail security gateways open every link of a newsletter at once, posing as a browser.
    Consumer<ObjectNode> scanner =
        client(
                "192.0.2.45",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                    + " Chrome/118.0.0.0 Safari/537.36")
            .andThen(e -> e.put("http_method", "HEAD").put("referrer", ""));
    List<PlantedIncident.Click> clicks = new ArrayList<>();
    for (int link = 0; link < 8; link++) {
      clicks.add(new PlantedIncident.Click(from + link * 150, link, scanner));
    }
    incidents.add(
        PlantedIncident.of(
            "email-scanner sweep",
            "a mail gateway opens all 8 links of the newsletter within 1.2 seconds",
            "bot_scan",
            "cmp-spring-sale",
            clicks));
  }

  private void plantSpike(long from, Random random) {
    List<PlantedIncident.Click> clicks = new ArrayList<>();
    for (int minute = 0; minute < 3; minute++) {
      long minuteStart = from + minute * MINUTE;
      int extra = (int) Math.max(60, 5 * humanClicksPerLinkMinute(minuteStart));
      for (int i = 0; i < extra; i++) {
        clicks.add(new PlantedIncident.Click(minuteStart + i * (MINUTE / extra), 0, human(random)));
      }
    }
    incidents.add(
        PlantedIncident.of(
            "spike",
            "a video link goes viral: five times its usual clicks for 3 minutes",
            "spike",
            SPIKE_CAMPAIGN,
            clicks));
  }

  private void plantBrokenDestination(long from, Random random) {
    brokenFrom = from;
    brokenTo = from + BROKEN_MINUTES * MINUTE - 1;
    Consumer<ObjectNode> broken = human(random).andThen(e -> e.put("redirect_status", 502));
    List<PlantedIncident.Click> clicks = new ArrayList<>();
    for (int minute = 0; minute < BROKEN_MINUTES; minute++) {
      for (int i = 0; i < 8; i++) {
        clicks.add(
            new PlantedIncident.Click(
                from + minute * MINUTE + i * 7 * SECOND, BROKEN_LINK, broken));
      }
    }
    incidents.add(
        PlantedIncident.of(
            "broken destination",
            "a poster's QR link redirects to a failing shop page (502) for 4 minutes",
            "broken_redirect",
            BROKEN_CAMPAIGN,
            clicks));
  }

  private void plantMissingUtm(long from, Random random) {
    Consumer<ObjectNode> untagged =
        human(random)
            .andThen(
                e -> {
                  e.remove(List.of("utm_source", "utm_medium", "utm_campaign", "utm_content"));
                });
    List<PlantedIncident.Click> clicks = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      // A new partner link, pasted without its UTM parameters.
      clicks.add(new PlantedIncident.Click(from + i * 90 * SECOND, 7, untagged));
    }
    incidents.add(
        PlantedIncident.of(
            "missing UTM",
            "a new partner link was published without its UTM parameters",
            "missing_utm",
            "cmp-partners",
            clicks));
  }

  private static Consumer<ObjectNode> client(String ip, String userAgent) {
    return e -> e.put("ip", ip).put("user_agent", userAgent).put("is_test", false);
  }

  /** A different human each time: a browser agent and an address of their own. */
  private static Consumer<ObjectNode> human(Random random) {
    return e ->
        e.put("ip", "198.18." + random.nextInt(256) + "." + (1 + random.nextInt(254)))
            .put(
                "user_agent", Catalog.HUMAN_AGENTS.get(random.nextInt(Catalog.HUMAN_AGENTS.size())))
            .put("http_method", "GET")
            .put("is_test", false);
  }
}
