package io.clickpulse.evaluate;

import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.alert.ClientClick;
import io.clickpulse.jobs.alert.ClientPattern;
import io.clickpulse.jobs.alert.ClientPatternMatcher;
import io.clickpulse.jobs.alert.DailyRule;
import io.clickpulse.jobs.alert.RecentClicks;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Runs the shipped alert rules on generated, labelled scenarios: each incident kind planted on one
 * link at each traffic level, for each seed, and weeks of steady traffic per level and seed for
 * false alarms. Episode rules go through {@link ShippedEpisodes} (the operator's own judge), bot
 * patterns through {@link ClientPatternMatcher}, missing UTM through {@link DailyRule}.
 */
public final class Evaluation {
  /** Baseline human clicks per minute. */
  public static final int[] LEVELS = {1, 2, 5, 10, 30, 100, 300, 1000};

  static final long MINUTE = MinuteSeries.MINUTE;
  static final long DAY = 24 * 60 * MINUTE;

  /** A Monday, midnight UTC: where every generated series starts (the cycle has its own phase). */
  static final long T0 = 1_795_000_000_000L - Math.floorMod(1_795_000_000_000L, DAY);

  static final int WEEK_MINUTES = 7 * 24 * 60;

  /** The labelled incident kinds. */
  public enum Kind {
    SPIKE_5X("spike 5x, 3 min", "spike", 5, 3),
    SPIKE_10X("spike 10x, 3 min", "spike", 10, 3),
    DROP("drop to 10 %, 15 min", "drop", 0.1, 15),
    BROKEN("broken destination, 5 min", "broken_redirect", 1, 5),
    BURST("bot burst (20-60 clicks at 2-10/s)", "bot_burst", 1, 1),
    SCAN("email scanner (5-15 links in < 2 s)", "bot_scan", 1, 1),
    MISSING_UTM("campaign link missing UTM", "missing_utm", 1, 60);

    public final String label;
    public final String rule;
    final double factor;
    final int minutes;

    Kind(String label, String rule, double factor, int minutes) {
      this.label = label;
      this.rule = rule;
      this.factor = factor;
      this.minutes = minutes;
    }

    boolean episode() {
      return this == SPIKE_5X || this == SPIKE_10X || this == DROP || this == BROKEN;
    }
  }

  /** Steady traffic without incidents: where false alarms are counted. */
  public enum Steady {
    SEASONAL("seasonal (daily cycle ±50 %), Poisson", 0.5, 0),
    OVERDISPERSED("seasonal + overdispersed (gamma shape 10 per minute)", 0.5, 10);

    public final String label;
    final double amplitude;
    final double noiseShape;

    Steady(String label, double amplitude, double noiseShape) {
      this.label = label;
      this.amplitude = amplitude;
      this.noiseShape = noiseShape;
    }
  }

  /** What one run found. */
  public static final class Result {
    public final int seeds;
    public final int weeksPerSeed;
    final Map<Kind, int[]> planted = new EnumMap<>(Kind.class);
    final Map<Kind, int[]> detected = new EnumMap<>(Kind.class);
    final Map<Kind, List<Double>> delays = new EnumMap<>(Kind.class);
    final Map<Steady, int[]> falseAlarms = new EnumMap<>(Steady.class);
    final Map<Steady, int[]> weeks = new EnumMap<>(Steady.class);
    final Map<String, Integer> falseAlarmsByRule = new java.util.TreeMap<>();
    int humanClients;
    int humanClientsFlagged;

    Result(int seeds, int weeksPerSeed) {
      this.seeds = seeds;
      this.weeksPerSeed = weeksPerSeed;
      for (Kind k : Kind.values()) {
        planted.put(k, new int[LEVELS.length]);
        detected.put(k, new int[LEVELS.length]);
        delays.put(k, new ArrayList<>());
      }
      for (Steady s : Steady.values()) {
        falseAlarms.put(s, new int[LEVELS.length]);
        weeks.put(s, new int[LEVELS.length]);
      }
    }

    /** Detected / planted for a kind at a level index. */
    public double recall(Kind kind, int level) {
      int n = planted.get(kind)[level];
      return n == 0 ? Double.NaN : (double) detected.get(kind)[level] / n;
    }

    /** Firing alerts per link-week on steady traffic. */
    public double falseAlarmsPerLinkWeek(Steady steady, int level) {
      return (double) falseAlarms.get(steady)[level] / weeks.get(steady)[level];
    }

    /** Delay percentile (0..100) in minutes over the kind's detected incidents; NaN if none. */
    public double delay(Kind kind, double percentile) {
      List<Double> d = new ArrayList<>(delays.get(kind));
      if (d.isEmpty()) {
        return Double.NaN;
      }
      d.sort(null);
      int i = (int) Math.ceil(percentile / 100 * d.size()) - 1;
      return d.get(Math.max(0, Math.min(d.size() - 1, i)));
    }

    public int detectedCount(Kind kind) {
      return Arrays.stream(detected.get(kind)).sum();
    }
  }

  private final AlertRules rules;
  private final ShippedEpisodes episodes;

  public Evaluation(AlertRules rules) {
    this.rules = rules;
    this.episodes = new ShippedEpisodes(rules);
  }

  /** Every kind and steady week at every level for seeds 1..{@code seeds}. */
  public Result run(int seeds, int weeksPerSeed) {
    Result r = new Result(seeds, weeksPerSeed);
    for (int seed = 1; seed <= seeds; seed++) {
      for (int l = 0; l < LEVELS.length; l++) {
        for (Kind kind : Kind.values()) {
          incident(r, kind, seed, l);
        }
        for (Steady steady : Steady.values()) {
          for (int w = 0; w < weeksPerSeed; w++) {
            steadyWeek(r, steady, seed, l, w);
          }
        }
      }
    }
    return r;
  }

  /**
   * An independent stream per scenario. The seed is mixed first: SplittableRandom(s) draws mix64(s
   * + n·γ), so seeds that are multiples of γ (as hash · γ was) are one stream shifted by the
   * hashes' difference, and seeds n and n + 1 (whose hashes differ by 31²) replayed the same
   * minutes a few hundred minutes apart: 200 seeds were far fewer independent samples.
   */
  static SplittableRandom random(Object... parts) {
    return new SplittableRandom(new SplittableRandom(Arrays.deepHashCode(parts)).nextLong());
  }

  /** One link-week of steady traffic; every alert is a false alarm. */
  void steadyWeek(Result r, Steady steady, int seed, int level, int week) {
    SplittableRandom random = random("steady", steady.name(), seed, level, week);
    Traffic t = new Traffic(LEVELS[level], steady.amplitude, steady.noiseShape, random);
    long[] counts = new long[WEEK_MINUTES];
    for (int m = 0; m < counts.length; m++) {
      counts[m] = t.count(m, 1);
    }
    // A campaign link, so that spikes and drops both can fire.
    MinuteSeries s = new MinuteSeries("l", "c", T0, counts, new long[counts.length]);
    for (SeriesDetector.Firing f : episodes.detect(s)) {
      r.falseAlarms.get(steady)[level]++;
      r.falseAlarmsByRule.merge(f.rule(), 1, Integer::sum);
    }
    r.weeks.get(steady)[level]++;
  }

  void incident(Result r, Kind kind, int seed, int level) {
    SplittableRandom random = random("incident", kind.name(), seed, level);
    r.planted.get(kind)[level]++;
    Double delay =
        switch (kind) {
          case SPIKE_5X, SPIKE_10X, DROP, BROKEN -> episode(kind, level, random);
          case BURST, SCAN -> client(r, kind, level, random);
          case MISSING_UTM -> missingUtm(level, random);
        };
    if (delay != null) {
      r.detected.get(kind)[level]++;
      r.delays.get(kind).add(delay);
    }
  }

  /**
   * A campaign link with mildly overdispersed seasonal traffic for 4 to 5 hours, then the incident
   * (where the daily cycle expects the level's clicks a minute), then an hour more. Detected if its
   * rule fires from the incident's first minute to two minutes after its last; the delay is the
   * firing minute's close after the first minute's close.
   */
  private Double episode(Kind kind, int level, SplittableRandom random) {
    Planted p = planted(kind, level, random);
    for (SeriesDetector.Firing f : episodes.detect(p.series())) {
      int fired = (int) ((f.firedMinute() - T0) / MINUTE);
      if (f.rule().equals(kind.rule) && fired >= p.start() && fired <= p.end() + 1) {
        return (double) (fired - p.start());
      }
    }
    return null;
  }

  /** A series with an episode incident in minutes [start, end). */
  record Planted(MinuteSeries series, int start, int end) {}

  /** The series {@link #run} plants {@code kind} in for this seed and level (an episode kind). */
  static Planted planted(Kind kind, int seed, int level) {
    return planted(kind, level, random("incident", kind.name(), seed, level));
  }

  private static Planted planted(Kind kind, int level, SplittableRandom random) {
    Traffic t = new Traffic(LEVELS[level], 0.5, 20, random);
    int start = 240 + random.nextInt(60);
    t.withRateAt(start, LEVELS[level]);
    int end = start + kind.minutes; // exclusive
    long[] human = new long[end + 60];
    long[] errors = new long[human.length];
    for (int m = 0; m < human.length; m++) {
      boolean in = m >= start && m < end;
      human[m] = t.count(m, in && kind != Kind.BROKEN ? kind.factor : 1);
      errors[m] = in && kind == Kind.BROKEN ? human[m] : 0;
    }
    return new Planted(new MinuteSeries("l", "c", T0, human, errors), start, end);
  }

  /**
   * An hour of one link's human clicks at the level, each from its own client or (one in five) a
   * client's second click seconds later, and one bot client; each client's clicks through the
   * pattern matcher. Detected if the bot's pattern matches; humans matching any pattern are counted
   * as flagged.
   */
  private Double client(Result r, Kind kind, int level, SplittableRandom random) {
    Traffic t = new Traffic(LEVELS[level], 0.5, 20, random);
    Map<Long, List<ClientClick>> clients = new HashMap<>();
    long visitor = 1;
    for (int m = 0; m < 60; m++) {
      long n = t.count(m, 1);
      for (long i = 0; i < n; i++) {
        long at = T0 + m * MINUTE + random.nextLong(MINUTE);
        List<ClientClick> own = new ArrayList<>();
        own.add(click(visitor, at, "l"));
        if (random.nextInt(5) == 0) {
          own.add(click(visitor, at + 500 + random.nextLong(4500), "l"));
        }
        clients.put(visitor++, own);
      }
    }
    long bot = -1;
    int start = 10 + random.nextInt(40);
    long at = T0 + start * MINUTE + random.nextLong(MINUTE);
    List<ClientClick> botClicks = new ArrayList<>();
    int n = kind == Kind.BURST ? 20 + random.nextInt(41) : 5 + random.nextInt(11);
    for (int i = 0; i < n; i++) {
      botClicks.add(click(bot, at, kind == Kind.BURST ? "l" : "l" + i));
      at += kind == Kind.BURST ? 100 + random.nextLong(401) : 20 + random.nextLong(381);
    }
    clients.put(bot, botClicks);

    ClientPatternMatcher matcher = new ClientPatternMatcher(rules.bots());
    Double delay = null;
    for (Map.Entry<Long, List<ClientClick>> client : clients.entrySet()) {
      RecentClicks recent = new RecentClicks();
      boolean flagged = false;
      for (ClientClick c : client.getValue()) {
        for (ClientPatternMatcher.Match match : matcher.add(recent, c)) {
          flagged = true;
          boolean expected =
              match.pattern() == (kind == Kind.BURST ? ClientPattern.BURST : ClientPattern.SCAN);
          if (client.getKey() == bot && expected && delay == null) {
            long firstMinuteCloses = T0 + (start + 1) * MINUTE;
            delay = Math.max(0, (double) (c.eventTime - firstMinuteCloses) / MINUTE);
          }
        }
      }
      if (client.getKey() != bot) {
        r.humanClients++;
        r.humanClientsFlagged += flagged ? 1 : 0;
      }
    }
    return delay;
  }

  private static ClientClick click(long visitor, long at, String link) {
    ClientClick c = new ClientClick();
    c.visitorId = visitor;
    c.eventTime = at;
    c.linkId = link;
    c.campaignId = "c";
    c.owner = "";
    c.userAgent = "Mozilla/5.0";
    c.ipNetwork = "198.51.100.0/24";
    return c;
  }

  /**
   * A campaign link whose clicks lose their UTM fields from a minute on (a shared copy of the link
   * without them): the daily rule's count per link and UTC day, firing at its minimum.
   */
  private Double missingUtm(int level, SplittableRandom random) {
    Traffic t = new Traffic(LEVELS[level], 0.5, 20, random);
    int start = 60 + random.nextInt(240);
    long offending = 0;
    long day = -1;
    for (int m = start - 5; m < start + 60; m++) {
      long n = t.count(m, 1);
      long[] times = new long[(int) n];
      for (int i = 0; i < n; i++) {
        times[i] = T0 + m * MINUTE + random.nextLong(MINUTE);
      }
      Arrays.sort(times);
      for (long at : times) {
        EnrichedClick c = campaignClick(at, m >= start);
        if (!DailyRule.MISSING_UTM.offends(c, rules)) {
          continue;
        }
        long clickDay = at - Math.floorMod(at, DAY);
        if (clickDay != day) {
          day = clickDay;
          offending = 0;
        }
        if (++offending == DailyRule.MISSING_UTM.minClicks(rules)) {
          long firstMinuteCloses = T0 + (start + 1) * MINUTE;
          return m < start ? null : Math.max(0, (double) (at - firstMinuteCloses) / MINUTE);
        }
      }
    }
    return null;
  }

  private static EnrichedClick campaignClick(long at, boolean withoutUtm) {
    EnrichedClick c = new EnrichedClick();
    c.click = new ClickEvent();
    c.click.eventTime = at;
    c.click.linkId = "l";
    c.click.campaignId = "c";
    if (!withoutUtm) {
      c.click.utmSource = "newsletter";
      c.click.utmMedium = "email";
      c.click.utmCampaign = "spring";
    }
    return c;
  }

  static String percent(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f %%", 100 * v);
  }

  static String number(double v) {
    return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.2f", v);
  }
}
