package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Alert latencies in milliseconds, one per planted spike that was delivered, and how many were
 * planted.
 */
public record Latency(List<Long> millis, int planted) {
  public Latency {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    millis = List.copyOf(sorted);
  }

  /** The nearest-rank percentile (0 < p <= 100); NaN without samples. */
  public double percentile(double p) {
    if (millis.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * millis.size());
    return millis.get(Math.max(0, rank - 1));
  }

  public int delivered() {
    return millis.size();
  }
}
