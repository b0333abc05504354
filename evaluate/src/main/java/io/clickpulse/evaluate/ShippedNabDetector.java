package io.clickpulse.evaluate;

import io.clickpulse.evaluate.nab.Detector;
import java.time.Instant;
import java.util.List;

/**
 * The shipped spike and drop rules as a NAB {@link Detector}: a series is one link's human clicks
 * per minute, and an alert is detected when the minute that fires it closes (its last millisecond).
 */
public final class ShippedNabDetector implements Detector {
  private final SeriesDetector rules;

  public ShippedNabDetector(SeriesDetector rules) {
    this.rules = rules;
  }

  @Override
  public List<Instant> alerts(Instant start, long[] countsPerMinute) {
    return rules.detect(countsPerMinute, start.toEpochMilli()).stream()
        .map(f -> Instant.ofEpochMilli(f.firedMinute() + MinuteSeries.MINUTE - 1))
        .toList();
  }
}
