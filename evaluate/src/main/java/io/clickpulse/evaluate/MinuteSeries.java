package io.clickpulse.evaluate;

/**
 * One link's closed minutes from {@code startMillis} (minute-aligned): human clicks and, among
 * them, clicks whose redirect failed. {@code campaignId} empty for a link outside campaigns.
 */
public record MinuteSeries(
    String linkId, String campaignId, long startMillis, long[] humanClicks, long[] redirectErrors) {
  public static final long MINUTE = 60_000;

  public int minutes() {
    return humanClicks.length;
  }

  public long minuteAt(int i) {
    return startMillis + i * MINUTE;
  }
}
