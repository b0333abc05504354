package io.clickpulse.stack.traffic;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.PrimitiveIterator;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Realistic click traffic, without Kafka: a span of a day's event time with its curve and noise,
 * Zipf-popular links in campaigns, one-time and returning visitors, out-of-order and late arrivals,
 * producers with one clock possibly ahead, planted incidents, duplicates, conflicts and malformed
 * records; see docs/traffic.md. Deterministic for a seed and options (except the event_time of
 * malformed records dated now, which is {@link Options#wallClock()}).
 *
 * <p>Records come out one at a time in arrival order (the order Kafka gets them), so millions
 * stream in constant memory: only the clicks of the last ~20 minutes of event time, and a window of
 * recent records to repeat, are held.
 *
 * <pre>{@code
 * var options = RealisticTraffic.Options.builder().events(20_000).seed(7).end(now).build();
 * List<GeneratedRecord> records = RealisticTraffic.generate(options);
 * TrafficLedger expected = TrafficLedger.of(records);
 * }</pre>
 */
public final class RealisticTraffic implements Iterator<GeneratedRecord> {

  /**
   * What to generate. Messages of invalid options name the generator's command-line option.
   *
   * @param seed the same seed and options give the same records
   * @param events records in all: everyday clicks, planted incidents and planted defects
   * @param span event time covered, ending at {@code end}
   * @param end event time where the span ends (epoch ms)
   * @param zone whose time of day the day's curve follows
   * @param links links in the popularity model
   * @param zipfExponent popularity of the link of rank r is proportional to r^-zipfExponent
   * @param oneClickShare share of new visitors who click only once
   * @param lateShare share of everyday valid clicks that arrive 10-20 minutes late
   * @param duplicateRate share of records that repeat a recent record exactly
   * @param conflictRate share of records that reuse a recent event_id with other content
   * @param malformedRate share of records that validation must reject
   * @param datedNowShare share of malformed records (of those that carry a readable time) dated
   *     with the wall clock instead of their place in the span
   * @param producers redirect-service instances the records are spread over
   * @param producerSkew how far producer 0's clock is ahead (zero: all clocks right)
   * @param scenario {@code demo} (planted incidents) or {@code steady} (none)
   * @param wallClock "now", for malformed records dated now
   * @param linkEvents also make the links' events ({@link RealisticTraffic#linkEvents()}) and, in
   *     scenario {@code demo}, plant the lifecycle problems (their clicks join the records)
   */
  public record Options(
      long seed,
      long events,
      Duration span,
      long end,
      ZoneId zone,
      int links,
      double zipfExponent,
      double oneClickShare,
      double lateShare,
      double duplicateRate,
      double conflictRate,
      double malformedRate,
      double datedNowShare,
      int producers,
      Duration producerSkew,
      String scenario,
      LongSupplier wallClock,
      boolean linkEvents) {

    /** Beyond the pipeline's 5 min max-future-skew its events would be rejected. */
    public static final Duration MAX_PRODUCER_SKEW = Duration.ofMinutes(5);

    /** Events older than 7 days are rejected; 3 days leaves room for replays. */
    public static final Duration MAX_SPAN = Duration.ofDays(3);

    public Options {
      check(events >= 100 && events <= 1_000_000_000, "--events must be in [100, 1e9]", events);
      check(
          span.compareTo(Duration.ofMinutes(1)) >= 0 && span.compareTo(MAX_SPAN) <= 0,
          "the span of event time must be in [1 min, 3 days] (the pipeline rejects events older"
              + " than 7 days)",
          span);
      check(links >= 100 && links <= 10_000_000, "--links must be in [100, 10000000]", links);
      check(
          zipfExponent >= 0.5 && zipfExponent <= 2,
          "zipfExponent must be in [0.5, 2]",
          zipfExponent);
      check(share(oneClickShare), "--one-click-share must be in [0, 1]", oneClickShare);
      check(lateShare >= 0 && lateShare <= 0.1, "--late-share must be in [0, 0.1]", lateShare);
      check(
          share(duplicateRate)
              && share(conflictRate)
              && share(malformedRate)
              && duplicateRate + conflictRate + malformedRate < 1,
          "duplicate, conflict and malformed rates must each be in [0, 1] and add up to less"
              + " than 1",
          List.of(duplicateRate, conflictRate, malformedRate));
      check(share(datedNowShare), "datedNowShare must be in [0, 1]", datedNowShare);
      check(producers >= 1 && producers <= 1000, "--producers must be in [1, 1000]", producers);
      check(
          !producerSkew.isNegative() && producerSkew.compareTo(MAX_PRODUCER_SKEW) < 0,
          "--producer-skew must be in [0, 5 min) (the pipeline rejects events more than 5 min in"
              + " the future)",
          producerSkew);
      check(
          producerSkew.isZero() || producers >= 2,
          "--producer-skew needs --producers of at least 2 (producer 0's clock is the one ahead)",
          producers);
      check(
          Scenario.NAMES.contains(scenario),
          "--scenario must be one of " + Scenario.NAMES,
          "'" + scenario + "'");
      check(
          !scenario.equals("demo") || span.compareTo(Scenario.MIN_SPAN) >= 0,
          "--scenario demo needs at least "
              + Scenario.MIN_SPAN.toMinutes()
              + " minutes of event time (alert baselines learn for 15 minutes first): raise"
              + " --backlog, or --duration or --speedup",
          span);
    }

    public static Builder builder() {
      return new Builder();
    }

    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Event time where the span begins. */
    public long start() {
      return end - span.toMillis();
    }

    private static boolean share(double value) {
      return value >= 0 && value <= 1;
    }

    private static void check(boolean ok, String message, Object value) {
      if (!ok) {
        throw new IllegalArgumentException(message + ", was " + value);
      }
    }

    /** Options with the defaults of docs/traffic.md; {@code end} defaults to now. */
    public static final class Builder {
      private long seed = 42;
      private long events = 200_000;
      private Duration span = Duration.ofHours(12);
      private long end = System.currentTimeMillis();
      private ZoneId zone = ZoneOffset.UTC;
      private int links = 100_000;
      private double zipfExponent = 1.05;
      private double oneClickShare = 0.8;
      private double lateShare = 0.002;
      private double duplicateRate = 0.05;
      private double conflictRate = 0.01;
      private double malformedRate = 0.02;
      private double datedNowShare = 0.5;
      private int producers = 8;
      private Duration producerSkew = Duration.ZERO;
      private String scenario = "demo";
      private LongSupplier wallClock = System::currentTimeMillis;
      private boolean linkEvents;

      private Builder() {}

      private Builder(Options o) {
        seed = o.seed;
        events = o.events;
        span = o.span;
        end = o.end;
        zone = o.zone;
        links = o.links;
        zipfExponent = o.zipfExponent;
        oneClickShare = o.oneClickShare;
        lateShare = o.lateShare;
        duplicateRate = o.duplicateRate;
        conflictRate = o.conflictRate;
        malformedRate = o.malformedRate;
        datedNowShare = o.datedNowShare;
        producers = o.producers;
        producerSkew = o.producerSkew;
        scenario = o.scenario;
        wallClock = o.wallClock;
        linkEvents = o.linkEvents;
      }

      public Builder seed(long seed) {
        this.seed = seed;
        return this;
      }

      public Builder events(long events) {
        this.events = events;
        return this;
      }

      public Builder span(Duration span) {
        this.span = span;
        return this;
      }

      public Builder end(long end) {
        this.end = end;
        return this;
      }

      public Builder zone(ZoneId zone) {
        this.zone = zone;
        return this;
      }

      public Builder links(int links) {
        this.links = links;
        return this;
      }

      public Builder zipfExponent(double zipfExponent) {
        this.zipfExponent = zipfExponent;
        return this;
      }

      public Builder oneClickShare(double oneClickShare) {
        this.oneClickShare = oneClickShare;
        return this;
      }

      public Builder lateShare(double lateShare) {
        this.lateShare = lateShare;
        return this;
      }

      /** The planted repeats and rejects, per record (today's defaults: 5 %, 1 %, 2 %). */
      public Builder defects(double duplicateRate, double conflictRate, double malformedRate) {
        this.duplicateRate = duplicateRate;
        this.conflictRate = conflictRate;
        this.malformedRate = malformedRate;
        return this;
      }

      public Builder datedNowShare(double datedNowShare) {
        this.datedNowShare = datedNowShare;
        return this;
      }

      public Builder producers(int producers) {
        this.producers = producers;
        return this;
      }

      public Builder producerSkew(Duration producerSkew) {
        this.producerSkew = producerSkew;
        return this;
      }

      public Builder scenario(String scenario) {
        this.scenario = scenario;
        return this;
      }

      public Builder wallClock(LongSupplier wallClock) {
        this.wallClock = wallClock;
        return this;
      }

      /** Also make link events and plant lifecycle problems (off by default: no extra clicks). */
      public Builder linkEvents(boolean linkEvents) {
        this.linkEvents = linkEvents;
        return this;
      }

      public Options build() {
        return new Options(
            seed,
            events,
            span,
            end,
            zone,
            links,
            zipfExponent,
            oneClickShare,
            lateShare,
            duplicateRate,
            conflictRate,
            malformedRate,
            datedNowShare,
            producers,
            producerSkew,
            scenario,
            wallClock,
            linkEvents);
      }
    }
  }

  /** On-time records reach Kafka at most this long after their event time. */
  public static final Duration MAX_DELAY = Duration.ofSeconds(20);

  /**
   * Late records reach Kafka this long after their event_time, at least: beyond the pipeline's
   * out-of-orderness (30 s), window (1 min) and allowed lateness (5 min), with 3.5 min to spare.
   */
  public static final Duration MIN_LATENESS = Duration.ofMinutes(10);

  public static final Duration MAX_LATENESS = Duration.ofMinutes(20);

  private static final double TEST_SHARE = 0.005;
  private static final double ERROR_SHARE = 0.01;

  /** On-time delays: most a second or so (exponential), one in ten anywhere up to 20 s. */
  private static final double MEAN_SHORT_DELAY = 800;

  private static final double LONG_DELAY_SHARE = 0.1;
  private static final long MIN_LONG_DELAY = 2000;

  /** Repeats (duplicates, conflicts) are of one of the last this many valid records. */
  private static final int RECENT = 10_000;

  private final Options options;
  private final long skew;
  private final SplittableRandom random;
  private final SplittableRandom emitRandom;
  private final LinkSpace links;
  private final ZipfSampler popularity;
  private final Visitors visitors;
  private final PlantedIncidents planted;
  private final PlantedLinkProblems linkProblems;
  private final PrimitiveIterator.OfLong everydayTimes;
  private long nextEverydayTime;
  private int nextPlanted;

  /** Clicks made so far: their event ids, and the order of equal arrivals. */
  private long sequence;

  /** Clicks moved into {@link #arriving} so far. */
  private long queued;

  private long conflicts;
  private final PriorityQueue<SimulatedClick> arriving =
      new PriorityQueue<>(
          Comparator.comparingLong(SimulatedClick::arrival)
              .thenComparingLong(SimulatedClick::order));
  private final ClickJson json = new ClickJson();
  private DemoConversions conversions;
  private final SimulatedClick[] recentClicks = new SimulatedClick[RECENT];
  private final GeneratedRecord[] recentRecords = new GeneratedRecord[RECENT];
  private int recentCount;
  private int recentNext;

  public RealisticTraffic(Options options) {
    this.options = options;
    this.skew = options.producerSkew().toMillis();
    SplittableRandom root = new SplittableRandom(options.seed());
    SplittableRandom curveRandom = root.split();
    SplittableRandom plantRandom = root.split();
    this.random = root.split();
    this.emitRandom = root.split();
    SplittableRandom linkRandom = root.split();
    long start = options.start();
    long end = options.end();
    DayCurve curve = new DayCurve(start, end, options.zone(), curveRandom);
    this.links = new LinkSpace(options.seed(), options.links());
    this.popularity = new ZipfSampler(options.links(), options.zipfExponent());
    this.visitors = new Visitors(random, options.oneClickShare(), end, popularity);
    double validShare =
        1 - options.duplicateRate() - options.conflictRate() - options.malformedRate();
    PlantedIncidents.HumanClicks humanClicks =
        (time, rank) ->
            options.events()
                * curve.shareOfMinuteAt(time)
                * popularity.probability(rank)
                * validShare
                * (1 - Visitors.BOT_SHARE)
                * (1 - TEST_SHARE);
    this.planted =
        options.scenario().equals("demo")
            ? PlantedIncidents.demo(
                start,
                options.span().toMillis(),
                links,
                // Planted clicks come from new people: their own visitors, who never return.
                new Visitors(plantRandom, 1, end, popularity),
                humanClicks,
                (incident, time, link, visitor, method, status) ->
                    plantedClick(plantRandom, incident, time, link, visitor, method, status))
            : PlantedIncidents.none();
    this.linkProblems =
        options.linkEvents() && options.scenario().equals("demo")
            ? plantLinkProblems(linkRandom, start, end, popularity)
            : PlantedLinkProblems.none();
    planted.addClicks(linkProblems.clicks());
    long everyday = options.events() - planted.clicks().size();
    if (everyday < options.events() / 2) {
      throw new IllegalArgumentException(
          options.events()
              + " events are too few for the demo's "
              + planted.clicks().size()
              + " planted clicks: raise --events (live: --rate or --duration), or use --scenario"
              + " steady");
    }
    this.everydayTimes = curve.times(everyday, random);
    this.nextEverydayTime = everydayTimes.hasNext() ? everydayTimes.nextLong() : Long.MAX_VALUE;
  }

  /**
   * The UTC offset where {@code epochMillis} is {@code localTime} (to the quarter hour): for a demo
   * that should show a given time of day whenever it runs.
   */
  public static ZoneOffset zoneWhereItIs(LocalTime localTime, long epochMillis) {
    long utcSecond = Math.floorMod(epochMillis / 1000, 24 * 3600L);
    long offset = Math.floorMod(localTime.toSecondOfDay() - utcSecond + 12 * 3600, 24 * 3600L);
    return ZoneOffset.ofTotalSeconds((int) ((offset - 12 * 3600) / 900 * 900));
  }

  /** All records of {@code options}, in arrival order (for millions, iterate instead). */
  public static List<GeneratedRecord> generate(Options options) {
    List<GeneratedRecord> records = new ArrayList<>((int) Math.min(options.events(), 1 << 24));
    new RealisticTraffic(options).forEachRemaining(records::add);
    return records;
  }

  public Options options() {
    return options;
  }

  /** The planted incidents, in time order, with their windows (event time of their clicks). */
  public List<PlantedIncident> incidents() {
    return planted.incidents();
  }

  /**
   * The links' events, in time order, lazily (a new pass each call; empty unless {@link
   * Options#linkEvents()}): a {@code created} event for every link before its first click, some
   * updates, and the planted lifecycle problems' events. See docs/traffic.md, "Link events".
   */
  public Iterator<LinkEventRecord> linkEvents() {
    if (!options.linkEvents()) {
      return Collections.emptyIterator();
    }
    return new LinkEvents(options.seed(), options.start(), links, extraLinks(), linkProblems);
  }

  /** The planted lifecycle problems, in time order (none unless link events in scenario demo). */
  public List<PlantedLinkProblem> linkProblems() {
    return linkProblems.problems();
  }

  /**
   * The qualified contact planted for the CRM rules (docs/traffic.md, "Conversions and a qualified
   * contact"), or null: only scenario {@code demo} with link events plants one.
   */
  public PlantedContact qualifiedContact() {
    return linkProblems.contact();
  }

  /**
   * Plants conversions from now on (scenario {@code demo} only; see {@link DemoConversions}): each
   * valid click this model emits afterwards is offered to them. Call before taking records. Adds no
   * click and draws nothing from the clicks' randomness, so the clicks stay exactly as without.
   */
  public DemoConversions conversions() {
    if (conversions == null) {
      conversions = new DemoConversions(options);
      if (linkProblems.contact() != null) {
        conversions.plantFor(linkProblems.contact());
      }
    }
    return conversions;
  }

  /** Links the planted clicks use beyond the model's ranks, but for one created in the span. */
  private List<LinkSpace.Link> extraLinks() {
    Map<String, LinkSpace.Link> extra = new LinkedHashMap<>();
    for (SimulatedClick click : planted.clicks()) {
      LinkSpace.Link link = click.link();
      if (link.rank() > options.links()
          && click.incident() != null
          && !click.incident().equals("missing UTM")
          && !click.incident().equals(PlantedContact.NAME)
          && linkProblems.problems().stream().noneMatch(p -> p.name().equals(click.incident()))) {
        extra.putIfAbsent(link.id(), link);
      }
    }
    return List.copyOf(extra.values());
  }

  private PlantedLinkProblems plantLinkProblems(
      SplittableRandom linkRandom, long start, long end, ZipfSampler popularity) {
    LinkSpace.Link untagged = null;
    long untaggedAt = 0;
    for (SimulatedClick click : planted.clicks()) {
      if ("missing UTM".equals(click.incident())) {
        untagged = click.link();
        untaggedAt = click.trueTime();
        break;
      }
    }
    return PlantedLinkProblems.demo(
        options.seed(),
        start,
        options.span().toMillis(),
        links,
        new Visitors(linkRandom, 1, end, popularity),
        untagged,
        untaggedAt,
        (incident, time, link, visitor, method, status) ->
            plantedClick(linkRandom, incident, time, link, visitor, method, status));
  }

  /** The records not yet taken, in arrival order, lazily (one pass). */
  public Stream<GeneratedRecord> stream() {
    return StreamSupport.stream(
        Spliterators.spliterator(
            this, options.events() - queued + arriving.size(), Spliterator.ORDERED),
        false);
  }

  @Override
  public boolean hasNext() {
    fill();
    return !arriving.isEmpty();
  }

  /** Arrival time (event time) of the next record: when a live run must send it. */
  public long nextArrivalTime() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return arriving.peek().arrival();
  }

  @Override
  public GeneratedRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    SimulatedClick click = arriving.poll();
    return switch (click.slot()) {
      case VALID -> valid(click);
      case MALFORMED -> malformed(click);
      case DUPLICATE, CONFLICT -> recentCount == 0 ? valid(click) : repeat(click);
    };
  }

  /**
   * Creates clicks until the earliest arrival is known: a click not yet created happens at or after
   * the next click time, and arrives no earlier.
   */
  private void fill() {
    while (true) {
      long nextTime = Math.min(nextEverydayTime, nextPlantedTime());
      SimulatedClick head = arriving.peek();
      if (nextTime == Long.MAX_VALUE || (head != null && head.arrival() <= nextTime)) {
        return;
      }
      if (nextPlantedTime() <= nextEverydayTime) {
        arriving.add(planted.clicks().get(nextPlanted++));
      } else {
        arriving.add(everydayClick(nextEverydayTime));
        nextEverydayTime = everydayTimes.hasNext() ? everydayTimes.nextLong() : Long.MAX_VALUE;
      }
      queued++;
    }
  }

  private long nextPlantedTime() {
    List<SimulatedClick> clicks = planted.clicks();
    return nextPlanted < clicks.size() ? clicks.get(nextPlanted).trueTime() : Long.MAX_VALUE;
  }

  private SimulatedClick everydayClick(long time) {
    double roll = random.nextDouble();
    SimulatedClick.Slot slot =
        (roll -= options.malformedRate()) < 0
            ? SimulatedClick.Slot.MALFORMED
            : (roll -= options.duplicateRate()) < 0
                ? SimulatedClick.Slot.DUPLICATE
                : roll < options.conflictRate()
                    ? SimulatedClick.Slot.CONFLICT
                    : SimulatedClick.Slot.VALID;
    // Only valid clicks are visits; the others take a stranger, so repeats and rejects never
    // cost a returning visitor a click.
    Visitors.Visit visit =
        slot == SimulatedClick.Slot.VALID
            ? visitors.next(time)
            : new Visitors.Visit(visitors.stranger(), popularity.sample(random));
    LinkSpace.Link link = links.link(visit.rank());
    int producer = random.nextInt(options.producers());
    long sent = time + (producer == 0 ? skew : 0);
    String method = visit.visitor().bot() && random.nextInt(4) == 0 ? "HEAD" : "GET";
    int status =
        planted.brokenAt(link.rank(), time) || random.nextDouble() < ERROR_SHARE ? 502 : 302;
    boolean test = random.nextDouble() < TEST_SHARE;
    long lateness =
        slot == SimulatedClick.Slot.VALID && random.nextDouble() < options.lateShare()
            ? lateness(random, sent)
            : -1;
    return new SimulatedClick(
        slot,
        sequence,
        eventId(),
        time,
        sent,
        lateness >= 0 ? sent + lateness : time + delay(random),
        producer,
        link,
        visit.visitor(),
        pick(random, Catalog.REFERRERS),
        method,
        status,
        test,
        random.nextBoolean() ? "A" : "B",
        null,
        lateness >= 0);
  }

  private SimulatedClick plantedClick(
      SplittableRandom random,
      String incident,
      long time,
      LinkSpace.Link link,
      Visitors.Visitor visitor,
      String method,
      int status) {
    // Producer 0 may be the skewed one: planted windows stay exact on the others.
    int producer = options.producers() == 1 ? 0 : 1 + random.nextInt(options.producers() - 1);
    return new SimulatedClick(
        SimulatedClick.Slot.VALID,
        sequence,
        eventId(),
        time,
        time,
        time + delay(random),
        producer,
        link,
        visitor,
        method.equals("HEAD") ? "" : pick(random, Catalog.REFERRERS),
        method,
        status,
        false,
        random.nextBoolean() ? "A" : "B",
        incident,
        false);
  }

  /** The id of the click with the current sequence number, which it then takes. */
  private String eventId() {
    return "evt-" + options.seed() + "-" + sequence++;
  }

  /** How long after its event time an on-time click reaches Kafka: at most {@link #MAX_DELAY}. */
  private static long delay(SplittableRandom random) {
    long max = MAX_DELAY.toMillis();
    if (random.nextDouble() < LONG_DELAY_SHARE) {
      return random.nextLong(MIN_LONG_DELAY, max + 1);
    }
    return Math.min(max, (long) (-Math.log(1 - random.nextDouble()) * MEAN_SHORT_DELAY));
  }

  /** How far behind its event_time a late click arrives, or -1 if it would arrive after the end. */
  private long lateness(SplittableRandom random, long sentTime) {
    long room = options.end() - sentTime;
    long min = MIN_LATENESS.toMillis();
    if (room < min) {
      return -1;
    }
    return random.nextLong(min, Math.min(MAX_LATENESS.toMillis(), room) + 1);
  }

  private GeneratedRecord valid(SimulatedClick click) {
    GeneratedRecord record =
        record(click, json.write(click, click.sentTime()), GeneratedRecord.Kind.VALID, null);
    recentClicks[recentNext] = click;
    recentRecords[recentNext] = record;
    recentNext = (recentNext + 1) % RECENT;
    recentCount = Math.min(recentCount + 1, RECENT);
    if (conversions != null) {
      conversions.offer(click);
    }
    return record;
  }

  private GeneratedRecord repeat(SimulatedClick slot) {
    int i = emitRandom.nextInt(recentCount);
    GeneratedRecord original = recentRecords[i];
    if (slot.slot() == SimulatedClick.Slot.DUPLICATE) {
      return original.asDuplicate(slot.arrival());
    }
    SimulatedClick click = recentClicks[i];
    String change =
        (click.link().destinationUrl().contains("?") ? "&" : "?") + "changed=" + ++conflicts;
    byte[] changed = json.write(click, original.eventTime(), null, change);
    return original.asConflict(changed, slot.arrival());
  }

  private GeneratedRecord malformed(SimulatedClick click) {
    Defect[] defects = Defect.values();
    Defect defect = defects[emitRandom.nextInt(defects.length)];
    boolean datedNow = defect.hasEventTime && emitRandom.nextDouble() < options.datedNowShare();
    long trueTime = datedNow ? options.wallClock().getAsLong() : click.trueTime();
    long eventTime =
        trueTime
            + (isSkewed(click) ? skew : 0)
            - (defect == Defect.ANCIENT ? Defect.ANCIENT_AGE : 0);
    return new GeneratedRecord(
        click.eventId(),
        json.write(click, eventTime, defect, ""),
        GeneratedRecord.Kind.MALFORMED,
        defect.reason,
        eventTime,
        trueTime,
        click.arrival(),
        click.producer(),
        click.link().id(),
        click.test(),
        null,
        false,
        isSkewed(click),
        datedNow);
  }

  private GeneratedRecord record(
      SimulatedClick click, byte[] value, GeneratedRecord.Kind kind, String reason) {
    return new GeneratedRecord(
        click.eventId(),
        value,
        kind,
        reason,
        click.sentTime(),
        click.trueTime(),
        click.arrival(),
        click.producer(),
        click.link().id(),
        click.test(),
        click.incident(),
        click.late(),
        isSkewed(click),
        false);
  }

  private boolean isSkewed(SimulatedClick click) {
    return skew != 0 && click.producer() == 0;
  }

  private static <T> T pick(SplittableRandom random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
