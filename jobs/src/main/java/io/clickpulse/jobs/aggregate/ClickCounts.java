package io.clickpulse.jobs.aggregate;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * What a minute aggregate counts, as a mergeable accumulator. Plain Java, no Flink.
 *
 * <p>The window state reads and writes this for every click, so distinct visitors are a sorted
 * {@code long[]} (serialized as one block) rather than a set of boxed longs, which cost the minute
 * windows most of their time.
 */
public class ClickCounts {
  public long clicks;

  /** Distinct visitor ids, ascending. */
  public long[] visitorIds = new long[0];

  public long botClicks;
  public Map<String, Long> botClicksByReason = new HashMap<>();
  public long redirectErrors;

  public ClickCounts() {}

  /**
   * A redirect error is a status of 400 or more, or 0 (the destination was unreachable); an absent
   * status is unknown, not an error.
   */
  public static boolean isRedirectError(Integer status) {
    return status != null && (status == 0 || status >= 400);
  }

  public ClickCounts add(MinuteClick c) {
    clicks++;
    addVisitor(c.visitorId);
    if (c.isBot) {
      botClicks++;
      botClicksByReason.merge(c.botReason, 1L, Long::sum);
    }
    if (c.redirectError) {
      redirectErrors++;
    }
    return this;
  }

  public ClickCounts merge(ClickCounts other) {
    clicks += other.clicks;
    for (long visitor : other.visitorIds) {
      addVisitor(visitor);
    }
    botClicks += other.botClicks;
    other.botClicksByReason.forEach((reason, n) -> botClicksByReason.merge(reason, n, Long::sum));
    redirectErrors += other.redirectErrors;
    return this;
  }

  public int uniqueVisitors() {
    return visitorIds.length;
  }

  private void addVisitor(long visitor) {
    int at = Arrays.binarySearch(visitorIds, visitor);
    if (at < 0) {
      int insert = -at - 1;
      long[] next = new long[visitorIds.length + 1];
      System.arraycopy(visitorIds, 0, next, 0, insert);
      next[insert] = visitor;
      System.arraycopy(visitorIds, insert, next, insert + 1, visitorIds.length - insert);
      visitorIds = next;
    }
  }
}
