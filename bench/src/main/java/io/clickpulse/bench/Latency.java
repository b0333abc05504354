package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Alert latencies in milliseconds, sorted.
 *
 * @param millis to the receiver, one per planted spike that was notified
 * @param toTopicMillis to the alert being readable on the alerts topic (the pipeline's share)
 * @param planted how many spikes were planted
 */
public record Latency(List<Long> millis, List<Long> toTopicMillis, int planted) {
  public Latency {
    millis = sorted(millis);
    toTopicMillis = sorted(toTopicMillis);
  }

  /** The nearest-rank percentile (0 < p <= 100) to the receiver; NaN without samples. */
  public double percentile(double p) {
    return percentile(millis, p);
  }

  /** The same for the pipeline's share. */
  public double toTopicPercentile(double p) {
    return percentile(toTopicMillis, p);
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static List<Long> sorted(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return List.copyOf(sorted);
  }

  public int delivered() {
    return millis.size();
  }
}
