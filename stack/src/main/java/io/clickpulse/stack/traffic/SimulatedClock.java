package io.clickpulse.stack.traffic;

import java.time.Duration;

/**
 * Event time for generated traffic, running {@code speedup} times faster than the wall clock and
 * arriving at the wall clock's time when the run ends, so that hours of traffic (a day's curve,
 * baselines that need history) fit in a few minutes and no event lies in the future.
 */
public final class SimulatedClock {
  private final long wallEnd;
  private final double speedup;

  public SimulatedClock(long wallStart, Duration duration, double speedup) {
    if (speedup < 1) {
      throw new IllegalArgumentException("speedup must be at least 1, was " + speedup);
    }
    this.wallEnd = wallStart + duration.toMillis();
    this.speedup = speedup;
  }

  /** Event time at wall-clock time {@code wallMillis}. */
  public long eventTime(long wallMillis) {
    return wallEnd - (long) ((wallEnd - wallMillis) * speedup);
  }

  /** Wall-clock time at which event time reaches {@code eventTime}. */
  public long wallTime(long eventTime) {
    return wallEnd - (long) ((wallEnd - eventTime) / speedup);
  }

  public double speedup() {
    return speedup;
  }
}
