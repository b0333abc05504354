package io.clickpulse.jobs.aggregate;

import java.util.Map;
import java.util.TreeMap;

/** One row of {@code clicks_minute}: the counts of one key in one minute, as of one firing. */
public class MinuteAggregate {
  public long windowStart;
  public MinuteKey key;
  public long clicks;
  public long uniqueVisitors;
  public long botClicks;
  public Map<String, Long> botClicksByReason = new TreeMap<>();
  public long redirectErrors;

  public MinuteAggregate() {}

  public static MinuteAggregate of(long windowStart, MinuteKey key, ClickCounts counts) {
    MinuteAggregate a = new MinuteAggregate();
    a.windowStart = windowStart;
    a.key = key;
    a.clicks = counts.clicks;
    a.uniqueVisitors = counts.uniqueVisitors();
    a.botClicks = counts.botClicks;
    a.botClicksByReason = new TreeMap<>(counts.botClicksByReason);
    a.redirectErrors = counts.redirectErrors;
    return a;
  }

  @Override
  public String toString() {
    return "MinuteAggregate{" + windowStart + " " + key + " clicks=" + clicks + "}";
  }
}
