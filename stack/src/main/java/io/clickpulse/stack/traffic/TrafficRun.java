package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends {@link RealisticTraffic} to Kafka, in arrival order, in one of two ways:
 *
 * <ul>
 *   <li>live: for {@code duration} of wall-clock time, each record when event time, running {@code
 *       speedup} times faster than the wall clock and reaching it at the end (see {@link
 *       SimulatedClock}), passes its arrival time; {@code rate} sets the volume;
 *   <li>backlog: the span {@code backlog} of event time up to now, as fast as Kafka takes it.
 * </ul>
 */
public final class TrafficRun {

  /**
   * @param rate live: everyday events per wall-clock second at the day's peak
   * @param duration live: wall-clock duration
   * @param speedup live: event time per wall-clock time
   * @param backlog null for a live run; else the span of event time to send at once, ending now
   * @param traffic the model; the run sets its span and end, and for a live run its events
   * @param linksTopic where the model's link events go (null: none are made); each is sent when it
   *     happens, so before the clicks after it
   * @param conversionsTopic where scenario demo's conversions go (null: none are planted); each is
   *     sent at its arrival time, like a click
   */
  public record Options(
      String bootstrapServers,
      String topic,
      double rate,
      Duration duration,
      double speedup,
      Duration backlog,
      RealisticTraffic.Options traffic,
      String linksTopic,
      String conversionsTopic) {

    /** A run without conversions. */
    public Options(
        String bootstrapServers,
        String topic,
        double rate,
        Duration duration,
        double speedup,
        Duration backlog,
        RealisticTraffic.Options traffic,
        String linksTopic) {
      this(bootstrapServers, topic, rate, duration, speedup, backlog, traffic, linksTopic, null);
    }

    /** A run without link events. */
    public Options(
        String bootstrapServers,
        String topic,
        double rate,
        Duration duration,
        double speedup,
        Duration backlog,
        RealisticTraffic.Options traffic) {
      this(bootstrapServers, topic, rate, duration, speedup, backlog, traffic, null, null);
    }

    /** Checks the options before anything starts; the message says what to change. */
    public Options {
      if (backlog == null) {
        if (rate <= 0 || rate > 1_000_000) {
          throw new IllegalArgumentException(
              "--rate must be in (0, 1000000] events/s, was " + rate);
        }
        if (duration.isNegative() || duration.isZero()) {
          throw new IllegalArgumentException("--duration must be positive, was " + duration);
        }
        if (speedup < 1 || speedup > 1440) {
          throw new IllegalArgumentException("--speedup must be in [1, 1440], was " + speedup);
        }
        if (duration.multipliedBy(Math.round(speedup)).compareTo(Duration.ofDays(3)) > 0) {
          throw new IllegalArgumentException(
              "--duration × --speedup covers more than 3 days of event time; the pipeline rejects"
                  + " events older than 7 days: lower one of them");
        }
      } else if (backlog.compareTo(Duration.ofMinutes(1)) < 0
          || backlog.compareTo(RealisticTraffic.Options.MAX_SPAN) > 0) {
        throw new IllegalArgumentException(
            "--backlog must be in [1 min, 3 days] (the pipeline rejects events older than 7"
                + " days), was "
                + backlog);
      }
      // The model checks the rest (and the volume a live rate gives at this time of day).
      new RealisticTraffic(
          model(System.currentTimeMillis(), backlog, rate, duration, speedup, traffic, linksTopic));
    }

    public String scenario() {
      return traffic.scenario();
    }

    /** Event time the run covers. */
    public Duration eventTimeSpan() {
      return backlog != null ? backlog : Duration.ofMillis((long) (duration.toMillis() * speedup));
    }

    /** The model of a run that starts at {@code wallStart}. */
    RealisticTraffic.Options model(long wallStart) {
      return model(wallStart, backlog, rate, duration, speedup, traffic, linksTopic);
    }

    private static RealisticTraffic.Options model(
        long wallStart,
        Duration backlog,
        double rate,
        Duration duration,
        double speedup,
        RealisticTraffic.Options traffic,
        String linksTopic) {
      RealisticTraffic.Options.Builder model = traffic.toBuilder().linkEvents(linksTopic != null);
      if (backlog != null) {
        return model.span(backlog).end(wallStart).build();
      }
      long end = wallStart + duration.toMillis();
      long span = (long) (duration.toMillis() * speedup);
      double meanRate = DayCurve.mean(end - span, end, traffic.zone());
      long events = Math.round(rate * duration.toMillis() / 1000.0 * meanRate);
      return model.span(Duration.ofMillis(span)).end(end).events(events).build();
    }
  }

  /** When a planted incident's clicks went out (wall clock). */
  public record SentIncident(PlantedIncident incident, Instant firstSent, Instant lastSent) {}

  /**
   * What was sent.
   *
   * @param traffic the model as run: its span and end
   * @param conversions the conversions sent (empty without a conversions topic)
   * @param contact the qualified contact planted for the CRM rules, null without link events
   */
  public record Result(
      TrafficLedger ledger,
      List<SentIncident> incidents,
      RealisticTraffic.Options traffic,
      LinkLedger links,
      ConversionLedger conversions,
      PlantedContact contact) {
    /** Event time where the traffic begins. */
    public Instant from() {
      return Instant.ofEpochMilli(traffic.start());
    }

    /** Event time where the traffic ends. */
    public Instant to() {
      return Instant.ofEpochMilli(traffic.end());
    }
  }

  /** How long a live run waits at most before it looks again (and sees {@link #stop()}). */
  private static final long MAX_WAIT_MILLIS = 100;

  private final Options options;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final Map<String, Instant[]> incidentTimes = new ConcurrentHashMap<>();

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

  /** Sends until the traffic is over (or {@link #stop()}), then waits for every acknowledgement. */
  public Result run() {
    long wallStart = System.currentTimeMillis();
    RealisticTraffic.Options model = options.model(wallStart);
    RealisticTraffic traffic = new RealisticTraffic(model);
    SimulatedClock clock =
        options.backlog() == null
            ? new SimulatedClock(wallStart, options.duration(), options.speedup())
            : null;
    long wallEnd = wallStart + (clock == null ? 0 : options.duration().toMillis());
    Iterator<LinkEventRecord> linkEvents = traffic.linkEvents();
    LinkLedger linksSent = LinkLedger.empty(traffic.linkProblems(), false);
    DemoConversions conversions = options.conversionsTopic() == null ? null : traffic.conversions();
    ConversionLedger conversionsSent = ConversionLedger.of(List.of());
    try (TrafficProducer producer =
            new TrafficProducer(options.bootstrapServers(), options.topic());
        LinkEventProducer links =
            options.linksTopic() == null
                ? null
                : new LinkEventProducer(options.bootstrapServers(), options.linksTopic());
        LinkEventProducer conversionProducer =
            conversions == null
                ? null
                : new LinkEventProducer(options.bootstrapServers(), options.conversionsTopic())) {
      LinkEventRecord nextLink = linkEvents.hasNext() ? linkEvents.next() : null;
      while (!stopped.get() && traffic.hasNext()) {
        // A link event goes when it happens: before every click that arrives after it.
        if (nextLink != null && nextLink.eventTime() <= traffic.nextArrivalTime()) {
          if (clock != null
              && System.currentTimeMillis() < clock.wallTime(nextLink.eventTime())
              && System.currentTimeMillis() < wallEnd) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS));
            continue;
          }
          links.send(nextLink);
          linksSent.add(nextLink);
          nextLink = linkEvents.hasNext() ? linkEvents.next() : null;
          continue;
        }
        // A conversion arrives at its time, like a click (its click has gone before it).
        if (conversions != null && conversions.hasDue(traffic.nextArrivalTime())) {
          if (clock != null
              && System.currentTimeMillis() < clock.wallTime(conversions.nextArrivalTime())
              && System.currentTimeMillis() < wallEnd) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS));
            continue;
          }
          ConversionRecord conversion = conversions.next();
          conversionProducer.send(conversion.key(), conversion.value());
          conversionsSent.add(conversion);
          continue;
        }
        if (clock != null) {
          long wall = System.currentTimeMillis();
          long due = clock.wallTime(traffic.nextArrivalTime());
          // At the end, what arrives after it (on-time delays of the last seconds) goes at once.
          if (wall < due && wall < wallEnd) {
            long wait = Math.min(MAX_WAIT_MILLIS, Math.min(due, wallEnd) - wall);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(wait));
            continue;
          }
        }
        GeneratedRecord record = traffic.next();
        producer.send(record);
        sent.incrementAndGet();
        if (record.incident() != null) {
          Instant now = Instant.now();
          incidentTimes.computeIfAbsent(record.incident(), k -> new Instant[] {now, now})[1] = now;
        }
      }
      // The last ones (the late conversion's hours included) go once the clicks are out.
      while (!stopped.get() && conversions != null && conversions.hasRemaining()) {
        ConversionRecord conversion = conversions.next();
        conversionProducer.send(conversion.key(), conversion.value());
        conversionsSent.add(conversion);
      }
      TrafficLedger ledger = producer.flush();
      if (conversionProducer != null) {
        conversionProducer.flush();
      }
      if (links != null) {
        links.flush();
      }
      List<SentIncident> incidents = new ArrayList<>();
      for (PlantedIncident incident : traffic.incidents()) {
        Instant[] times = incidentTimes.get(incident.name());
        if (times != null) {
          incidents.add(new SentIncident(incident, times[0], times[1]));
        }
      }
      return new Result(
          ledger, incidents, model, linksSent, conversionsSent, traffic.qualifiedContact());
    }
  }
}
