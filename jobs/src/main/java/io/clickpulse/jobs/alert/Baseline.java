package io.clickpulse.jobs.alert;

/**
 * An adaptive per-minute baseline: exponentially weighted mean and variance, with a half-life of
 * roughly the trailing hour. Plain Java, held in Flink state by {@link ObserveMinutes}.
 */
public class Baseline {
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
    return c;
  }

  /** Adds one minute's count; {@code alpha} is 2 / (span + 1) for a span of minutes. */
  public void update(double value, double alpha) {
    if (minutes == 0) {
      mean = value;
      variance = 0;
    } else {
      double diff = value - mean;
      double increment = alpha * diff;
      mean += increment;
      variance = (1 - alpha) * (variance + diff * increment);
    }
    minutes++;
  }

  /**
   * The spread rules compare against: the learnt standard deviation, but never below what Poisson
   * noise alone gives (sqrt of the mean) nor below 1, so quiet links are not paged for noise.
   */
  public double spread() {
    return Math.max(1.0, Math.max(Math.sqrt(variance), Math.sqrt(mean)));
  }
}
