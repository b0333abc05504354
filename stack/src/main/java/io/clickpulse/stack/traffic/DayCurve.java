package io.clickpulse.stack.traffic;

import java.time.Instant;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.PrimitiveIterator;
import java.util.random.RandomGenerator;

/**
 * How busy each minute of a span of event time is: a day's curve by local time of day (quiet
 * nights, a midday peak, a smaller evening one) times a slowly wandering noise, and the times of
 * everyday clicks drawn from it.
 */
final class DayCurve {
  private static final long MINUTE = 60_000;

  /** The noise: log-normal, an AR(1) walk per minute, so it drifts over ~20 minutes, not jumps. */
  private static final double NOISE_SIGMA = 0.08;

  private static final double NOISE_MEMORY = 0.95;
  private static final double PEAK = peak();

  private final long start;
  private final long end;

  /** Relative rate × length of each minute bucket [start + i min, ...), cumulated. */
  private final double[] cumulative;

  DayCurve(long start, long end, ZoneId zone, RandomGenerator noise) {
    this.start = start;
    this.end = end;
    int buckets = (int) ((end - start + MINUTE - 1) / MINUTE);
    this.cumulative = new double[buckets + 1];
    ZoneRules rules = zone.getRules();
    double walk = noise.nextGaussian();
    for (int i = 0; i < buckets; i++) {
      long from = start + i * MINUTE;
      long length = Math.min(MINUTE, end - from);
      walk =
          NOISE_MEMORY * walk + Math.sqrt(1 - NOISE_MEMORY * NOISE_MEMORY) * noise.nextGaussian();
      double rate = relativeRate(from + length / 2, rules) * Math.exp(NOISE_SIGMA * walk);
      cumulative[i + 1] = cumulative[i] + rate * length / MINUTE;
    }
  }

  /**
   * Everyday traffic at a local time of day, relative to the day's peak: 0.1 around 4:00, 1 around
   * noon, 0.55 at 16:00, 0.85 around 20:30. Changes at most ~0.4 % of the peak per minute, so alert
   * baselines follow it.
   */
  static double relativeRate(double hourOfDay) {
    return unscaledRate(hourOfDay) / PEAK;
  }

  private static double unscaledRate(double hour) {
    return 0.06 + bump(hour, 12, 3.2, 1) + bump(hour, 20.5, 2, 0.8);
  }

  static double relativeRate(long epochMillis, ZoneId zone) {
    return relativeRate(epochMillis, zone.getRules());
  }

  /** The mean of {@link #relativeRate} over [from, to), minute by minute. */
  static double mean(long from, long to, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    double sum = 0;
    long minutes = 0;
    for (long t = from; t < to; t += MINUTE, minutes++) {
      sum += relativeRate(t, rules);
    }
    return minutes == 0 ? 0 : sum / minutes;
  }

  /** The share of the span's everyday clicks that falls in the minute after {@code time}. */
  double shareOfMinuteAt(long time) {
    int i = (int) Math.min(cumulative.length - 2, Math.max(0, (time - start) / MINUTE));
    double perMinute = (cumulative[i + 1] - cumulative[i]) * MINUTE / bucketLength(i);
    return perMinute / cumulative[cumulative.length - 1];
  }

  /**
   * Exactly {@code count} times in [start, end), ascending, distributed as the curve: the k-th time
   * is drawn within the k-th of {@code count} equal slices of the curve's area (stratified
   * sampling), so the total is exact and the times come out sorted.
   */
  PrimitiveIterator.OfLong times(long count, RandomGenerator random) {
    double total = cumulative[cumulative.length - 1];
    return new PrimitiveIterator.OfLong() {
      private long k;
      private int bucket;

      @Override
      public boolean hasNext() {
        return k < count;
      }

      @Override
      public long nextLong() {
        double area = (k++ + random.nextDouble()) / count * total;
        while (bucket < cumulative.length - 2 && cumulative[bucket + 1] <= area) {
          bucket++;
        }
        double within = (area - cumulative[bucket]) / (cumulative[bucket + 1] - cumulative[bucket]);
        return Math.min(end - 1, start + bucket * MINUTE + (long) (within * bucketLength(bucket)));
      }
    };
  }

  private long bucketLength(int i) {
    return Math.min(MINUTE, end - (start + i * MINUTE));
  }

  private static double relativeRate(long epochMillis, ZoneRules rules) {
    Instant instant = Instant.ofEpochMilli(epochMillis);
    long localMillis = epochMillis + rules.getOffset(instant).getTotalSeconds() * 1000L;
    return relativeRate(Math.floorMod(localMillis, 24 * 3_600_000L) / 3_600_000.0);
  }

  /** A bell around {@code center} o'clock, on the 24-hour circle. */
  private static double bump(double hour, double center, double width, double height) {
    double distance = Math.abs(hour - center);
    distance = Math.min(distance, 24 - distance);
    return height * Math.exp(-distance * distance / (2 * width * width));
  }

  private static double peak() {
    double peak = 0;
    for (int minute = 0; minute < 24 * 60; minute++) {
      peak = Math.max(peak, unscaledRate(minute / 60.0));
    }
    return peak;
  }
}
