package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.BotReason;
import java.util.List;

/**
 * Bot patterns per client fingerprint, each over a run of consecutive clicks of one client in event
 * time. A run matches when it has the pattern's number of clicks within its window (strictly less
 * than {@code within} from first to last, as CEP's {@code within}); after a match the next run
 * starts after its last click.
 */
public enum ClientPattern {
  /** Many clicks within seconds. */
  BURST("bot_burst", BotReason.BURST_PATTERN),
  /** Many distinct links within a second or two: email security scanners follow every link. */
  SCAN("bot_scan", BotReason.SCAN_PATTERN),
  /** Clicks at near-constant intervals: a script on a timer. */
  METRONOME("bot_metronome", BotReason.METRONOME_PATTERN);

  private final String rule;
  private final BotReason botReason;

  ClientPattern(String rule, BotReason botReason) {
    this.rule = rule;
    this.botReason = botReason;
  }

  public String rule() {
    return rule;
  }

  /** What the clicks of a client caught by this pattern are marked with. */
  public BotReason botReason() {
    return botReason;
  }

  /** How many consecutive clicks make a run. */
  public int clicks(AlertRules.Bots bots) {
    return switch (this) {
      case BURST -> bots.burst.clicks;
      case SCAN -> bots.scan.distinctLinks;
      case METRONOME -> bots.metronome.clicks;
    };
  }

  /** The run's first and last click are less than this apart. */
  public long withinMillis(AlertRules.Bots bots) {
    String within =
        switch (this) {
          case BURST -> bots.burst.within;
          case SCAN -> bots.scan.within;
          case METRONOME -> bots.metronome.within;
        };
    return AlertRules.parse(within).toMillis();
  }

  /**
   * Whether a run within the window matches, which ends it: a scan needs every click on another
   * link, the others any clicks.
   */
  public boolean matches(List<ClientClick> run) {
    return this != SCAN || run.stream().map(c -> c.linkId).distinct().count() == run.size();
  }

  /**
   * Whether a match shows the pattern: a metronome needs intervals of at least the minimum that
   * vary by at most the maximum (standard deviation over mean); the others always do.
   */
  public boolean confirms(List<ClientClick> run, AlertRules.Bots bots) {
    return this != METRONOME || isRegular(run, bots.metronome);
  }

  private static boolean isRegular(List<ClientClick> run, AlertRules.Metronome metronome) {
    int n = run.size() - 1;
    double[] intervals = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      intervals[i] = run.get(i + 1).eventTime - run.get(i).eventTime;
      sum += intervals[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (double interval : intervals) {
      squares += (interval - mean) * (interval - mean);
    }
    double variation = Math.sqrt(squares / n) / mean;
    return mean >= AlertRules.parse(metronome.minInterval).toMillis()
        && variation <= metronome.maxIntervalVariation;
  }
}
