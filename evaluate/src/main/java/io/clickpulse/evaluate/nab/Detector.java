package io.clickpulse.evaluate.nab;

import java.time.Instant;
import java.util.List;

/**
 * What {@link NabReport} replays a series through: the alert rules, fed one link's clicks per
 * minute. Minute {@code i} of {@code countsPerMinute} covers {@code [start + i min, start + (i + 1)
 * min)}. Each returned instant is a time the alert is about (for example the start of the minute
 * that fired); {@link NabScorer} maps it to the 5-minute row that contains it.
 */
@FunctionalInterface
public interface Detector {
  List<Instant> alerts(Instant start, long[] countsPerMinute);
}
