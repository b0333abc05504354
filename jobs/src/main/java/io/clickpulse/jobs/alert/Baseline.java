package io.clickpulse.jobs.alert;

/**
 * An adaptive per-minute baseline: exponentially weighted mean and variance, with a half-life of
 * roughly the trailing hour. Plain Java, held in Flink state by {@link ObserveMinutes}.
 */
public class Baseline {
  /** The longest window of minutes a rule may add up ({@code window-minutes}). */
  public static final int MAX_WINDOW = 5;

  public double mean;
  public double variance;

  /** Minutes observed; rules wait for a warm-up before trusting the baseline. */
  public int minutes;

  /**
   * What the last minute judged was (not learnt from: kept so that the next minute knows whether it
   * follows a spike, a drop or a broken minute, see {@link MinuteObservation#afterSpike}).
   */
  public boolean lastSpike;

  public boolean lastDrop;
  public boolean lastBroken;

  /**
   * The first minute not judged or learnt yet (0 before the first): the minutes without clicks from
   * here to the next judged one are learnt as silence ({@link ObserveMinutes}).
   */
  public long nextMinute;

  /**
   * The minute without clicks that will be judged even so (0: none), see {@link ObserveMinutes}.
   */
  public long watchedMinute;

  /**
   * Human clicks of the latest judged or learnt minutes, the latest first (spikes and drops
   * included: the rules add up runs of them).
   */
  public long[] recent = new long[MAX_WINDOW - 1];

  public Baseline() {}

  /** A copy to try out minutes on. */
  public Baseline copy() {
    Baseline c = new Baseline();
    c.mean = mean;
    c.variance = variance;
    c.minutes = minutes;
    c.lastSpike = lastSpike;
    c.lastDrop = lastDrop;
    c.lastBroken = lastBroken;
    c.nextMinute = nextMinute;
    c.watchedMinute = watchedMinute;
    c.recent = recent.clone();
    return c;
  }

  /**
   * Adds one minute's count; {@code alpha} is 2 / (span + 1) for a span of minutes. The first
   * minutes weigh alike (alpha 1 / n until that is smaller than the span's), else the first minute
   * would dominate the mean for an hour and a quiet link's warm-up would judge against one sample.
   */
  public void update(double value, double alpha) {
    double a = Math.max(alpha, 1.0 / (minutes + 1));
    double diff = value - mean;
    mean += a * diff;
    variance = (1 - a) * (variance + a * diff * diff);
    minutes++;
  }

  /** Remembers a judged or learnt minute's human clicks as the latest. */
  public void remember(long humanClicks) {
    if (recent.length > 0) {
      System.arraycopy(recent, 0, recent, 1, recent.length - 1);
      recent[0] = humanClicks;
    }
  }

  /**
   * The spread rules compare against: the learnt standard deviation, but never below what Poisson
   * noise alone gives (sqrt of the mean) nor below 1, so quiet links are not paged for noise.
   */
  public double spread() {
    return Math.max(1.0, Math.max(Math.sqrt(variance), Math.sqrt(mean)));
  }
}
