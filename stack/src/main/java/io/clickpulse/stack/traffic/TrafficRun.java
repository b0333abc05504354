package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends a scenario's traffic to Kafka in real time: everyday clicks at {@code rate} per second
 * (following the scenario's curve) and the planted incidents at their event times, with event time
 * running {@code speedup} times faster than the wall clock (see {@link SimulatedClock}).
 */
public final class TrafficRun {

  /**
   * @param rate everyday events per wall-clock second at the curve's peak
   * @param duration wall-clock duration
   * @param speedup event time per wall-clock time
   * @param generator rates of planted duplicates, conflicts and malformed records; its seed
   */
  public record Options(
      String bootstrapServers,
      String topic,
      double rate,
      Duration duration,
      double speedup,
      String scenario,
      ClickTrafficGenerator.Options generator) {

    /** Checks the options before anything starts; the message says what to change. */
    public Options {
      if (rate <= 0 || rate > 1_000_000) {
        throw new IllegalArgumentException("--rate must be in (0, 1000000] events/s, was " + rate);
      }
      if (duration.isNegative() || duration.isZero()) {
        throw new IllegalArgumentException("--duration must be positive, was " + duration);
      }
      if (speedup < 1 || speedup > 1440) {
        throw new IllegalArgumentException("--speedup must be in [1, 1440], was " + speedup);
      }
      if (!Scenario.NAMES.contains(scenario)) {
        throw new IllegalArgumentException(
            "--scenario must be one of " + Scenario.NAMES + ", was '" + scenario + "'");
      }
      if (duration.multipliedBy(Math.round(speedup)).compareTo(Duration.ofDays(3)) > 0) {
        throw new IllegalArgumentException(
            "--duration × --speedup covers more than 3 days of event time; the pipeline rejects"
                + " events older than 7 days: lower one of them");
      }
    }

    /** Event time the run covers. */
    public Duration eventTimeSpan() {
      return Duration.ofMillis((long) (duration.toMillis() * speedup));
    }
  }

  /** When a planted incident's clicks went out (wall clock). */
  public record SentIncident(PlantedIncident incident, Instant firstSent, Instant lastSent) {}

  /** What was sent. */
  public record Result(TrafficLedger ledger, List<SentIncident> incidents, Scenario scenario) {}

  private final Options options;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Map<PlantedIncident, Instant[]> incidentTimes = new ConcurrentHashMap<>();

  public TrafficRun(Options options) {
    this.options = options;
  }

  /** Records sent so far (any thread). */
  public long sent() {
    return sent.get();
  }

  /** Ends the run early (any thread). */
  public void stop() {
    stopped.set(true);
  }

  /**
   * Sends until the duration is over (or {@link #stop()}), then waits for every acknowledgement.
   */
  public Result run() {
    long wallStart = System.currentTimeMillis();
    SimulatedClock clock = new SimulatedClock(wallStart, options.duration(), options.speedup());
    long eventStart = clock.eventTime(wallStart);
    Scenario scenario =
        Scenario.named(
            options.scenario(),
            eventStart,
            options.eventTimeSpan(),
            options.rate() * 60 / options.speedup(),
            options.generator().seed());
    ClickTrafficGenerator generator = new ClickTrafficGenerator(options.generator());
    Random jitter = new Random(options.generator().seed());
    List<Planted> planted = planted(scenario);
    int nextPlanted = 0;
    double everydayDue = 0;
    long lastWall = wallStart;
    long wallEnd = wallStart + options.duration().toMillis();
    try (TrafficProducer producer =
        new TrafficProducer(options.bootstrapServers(), options.topic())) {
      while (!stopped.get()) {
        long wall = Math.min(System.currentTimeMillis(), wallEnd);
        long now = clock.eventTime(wall);
        everydayDue += options.rate() * scenario.rateMultiplier(now) * (wall - lastWall) / 1000.0;
        lastWall = wall;
        for (; everydayDue >= 1; everydayDue--) {
          // Clicks arrive a little out of order, as from many clients.
          producer.send(generator.next(now - jitter.nextInt(2000), scenario::adjust));
          sent.incrementAndGet();
        }
        for (;
            nextPlanted < planted.size() && planted.get(nextPlanted).click().eventTime() <= now;
            nextPlanted++) {
          Planted p = planted.get(nextPlanted);
          PlantedIncident.Click click = p.click();
          producer.send(
              generator.plant(
                  click.eventTime(), p.incident().campaignId(), click.linkNumber(), click.shape()));
          sent.incrementAndGet();
          Instant at = Instant.ofEpochMilli(System.currentTimeMillis());
          incidentTimes.computeIfAbsent(p.incident(), k -> new Instant[] {at, at})[1] = at;
        }
        if (wall >= wallEnd) {
          break;
        }
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
      TrafficLedger ledger = producer.flush();
      List<SentIncident> incidents = new ArrayList<>();
      for (PlantedIncident incident : scenario.incidents()) {
        Instant[] times = incidentTimes.get(incident);
        if (times != null) {
          incidents.add(new SentIncident(incident, times[0], times[1]));
        }
      }
      return new Result(ledger, incidents, scenario);
    }
  }

  private record Planted(PlantedIncident incident, PlantedIncident.Click click) {}

  private static List<Planted> planted(Scenario scenario) {
    List<Planted> all = new ArrayList<>();
    for (PlantedIncident incident : scenario.incidents()) {
      for (PlantedIncident.Click click : incident.clicks()) {
        all.add(new Planted(incident, click));
      }
    }
    all.sort(Comparator.comparingLong(p -> p.click().eventTime()));
    return all;
  }
}
