package io.clickpulse.evaluate;

import java.util.List;

/**
 * Alert rules over one link's human clicks per minute: what the evaluator replays each labelled
 * scenario and each real series (NAB) through.
 */
public interface SeriesDetector {
  /**
   * An episode alert as it fires: its rule, its run's first minute and the minute that fired it.
   */
  record Firing(String rule, long firstMinute, long firedMinute) {}

  /**
   * The alerts that fire on a link with {@code countsPerMinute[i]} human clicks in the minute
   * starting {@code startMillis + i} minutes (minute-aligned), in order.
   */
  List<Firing> detect(long[] countsPerMinute, long startMillis);
}
