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
   * Whether the subject's start mark went out ({@link MinuteObservation#start}). False in state
   * from a version without marks: the subject then gets its start mark with its next minute.
   */
  public boolean startMarked;

  public Baseline() {}

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
