package io.clickpulse.microbench;

import java.util.Arrays;

/** Nearest-rank percentiles of a sample (no interpolation: every result is an observed value). */
public final class Percentiles {
  private Percentiles() {}

  /** The {@code p}-th percentile, 0 < p <= 100, of {@code values}. */
  public static double of(double[] values, double p) {
    if (values.length == 0 || p <= 0 || p > 100) {
      throw new IllegalArgumentException("need values and 0 < p <= 100");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(rank, 1) - 1];
  }

  public static double median(double[] values) {
    return of(values, 50);
  }
}
