package io.clickpulse.jobs.alert;

import java.util.ArrayList;
import java.util.List;

/**
 * One subject's human clicks per clock hour (UTC, event time) while the hour is open, i.e. until
 * the watermark passes its end. Plain Java, the state of {@link HourlyThresholdAlerts}.
 *
 * <p>Usually one hour is open; around the turn of an hour, within the watermark's lag, the one
 * before is still open and a click of it must land there, not reset the new hour's count: that is
 * what makes the count (and so whether and when the threshold is crossed) independent of the order
 * in which on-time clicks arrive.
 */
public class HourlyCounts {
  public static final long HOUR = 3_600_000L;

  /** The count of one open hour. */
  public static class OpenHour {
    public long hour;
    public long clicks;

    /** Whether the threshold was crossed (the hour has fired). */
    public boolean fired;

    public OpenHour() {}

    OpenHour(long hour) {
      this.hour = hour;
    }
  }

  public List<OpenHour> hours = new ArrayList<>();

  public HourlyCounts() {}

  public static long hourOf(long eventTime) {
    return eventTime - Math.floorMod(eventTime, HOUR);
  }

  /** Whether the watermark has passed the end of the hour (its clicks are complete). */
  public static boolean closed(long hour, long watermark) {
    return hour + HOUR - 1 <= watermark;
  }

  /**
   * Counts a human click of an open hour and forgets the hours the watermark has closed. Returns
   * the click's hour if this click took it above {@code threshold} (once per hour), else null.
   */
  public OpenHour count(long eventTime, long watermark, int threshold) {
    hours.removeIf(h -> closed(h.hour, watermark));
    OpenHour open = find(hourOf(eventTime));
    if (open == null) {
      open = new OpenHour(hourOf(eventTime));
      hours.add(open);
    }
    open.clicks++;
    if (!open.fired && open.clicks > threshold) {
      open.fired = true;
      return open;
    }
    return null;
  }

  /** The open hour starting at {@code hour}, or null. */
  public OpenHour find(long hour) {
    for (OpenHour h : hours) {
      if (h.hour == hour) {
        return h;
      }
    }
    return null;
  }
}
