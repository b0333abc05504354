package io.clickpulse.jobs.alert;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Wording of hourly-threshold and milestone alerts for people. Plain Java. */
final class ClickCountText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

  private ClickCountText() {}

  /** "Link l1", "Link l1 of campaign c1", "Campaign c1". */
  static String subject(String subjectType, String subjectId, String campaignId) {
    if (SubjectClick.CAMPAIGN.equals(subjectType)) {
      return "Campaign " + subjectId;
    }
    return "Link "
        + subjectId
        + (campaignId == null || campaignId.isEmpty() ? "" : " of campaign " + campaignId);
  }

  /** "between 14:00 and 15:00 UTC on 2026-12-05". */
  static String hour(long hourStart) {
    Instant start = Instant.ofEpochMilli(hourStart);
    return "between "
        + TIME.format(start)
        + " and "
        + TIME.format(start.plusMillis(HourlyCounts.HOUR))
        + " UTC on "
        + DAY.format(start);
  }

  /** "14:37 UTC". */
  static String time(long epochMillis) {
    return TIME.format(Instant.ofEpochMilli(epochMillis)) + " UTC";
  }

  /** 10000 as "10,000". */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  /** How long {@code from} was before {@code to}, roughly: "3 days", "5 hours", "12 minutes". */
  static String ago(long from, long to) {
    long minutes = Math.max(0, to - from) / 60_000;
    if (minutes < 1) {
      return "less than a minute";
    }
    if (minutes < 120) {
      return plural(minutes, "minute");
    }
    long hours = minutes / 60;
    return hours < 48 ? plural(hours, "hour") : plural(hours / 24, "day");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
