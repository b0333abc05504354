package io.clickpulse.evaluate.nab;

import java.time.Instant;
import java.util.Objects;

/**
 * A labelled anomaly window of a NAB series: the rows whose timestamps lie in {@code [start, end]}
 * (both ends inclusive, as NAB's labeler marks them). Both ends must be timestamps of rows of the
 * series, as NAB requires of its label files.
 */
public record NabWindow(Instant start, Instant end) {
  public NabWindow {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "NAB window ends before it starts: " + start + " .. " + end);
    }
  }

  public boolean contains(Instant t) {
    return !t.isBefore(start) && !t.isAfter(end);
  }
}
