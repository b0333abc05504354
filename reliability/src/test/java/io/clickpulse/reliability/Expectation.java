package io.clickpulse.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.alert.AlertIds;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What ClickHouse and the alerts topic must hold, computed from the events as the test sends them,
 * without the pipeline: per minute and link the raw clicks, per minute and link and per hour and
 * link the clicks and redirect errors without test traffic, and the alerts the planted anomalies
 * must raise. Keys are {@code "<epoch seconds>|<link_id>"}, as {@link ExactChecks} reads them back.
 */
final class Expectation {
  private static final long MINUTE = 60_000;
  private static final long HOUR = 3_600_000;

  final Map<String, Long> rawByMinute = new TreeMap<>();
  final Map<String, Long> clicksByMinute = new TreeMap<>();
  final Map<String, Long> lateByMinute = new TreeMap<>();
  final Map<String, Long> errorsByMinute = new TreeMap<>();
  final Map<String, Long> clicksByHour = new TreeMap<>();
  final Map<String, Long> errorsByHour = new TreeMap<>();
  final Set<String> alerts = new TreeSet<>();
  long stored;
  long rejected;
  long duplicates;

  /**
   * A distinct valid event: it must be stored once and counted once, in its minute or, when it
   * arrives too late for that ({@code late}), in {@code late_clicks}; the rollups count it either
   * way.
   */
  synchronized void stored(JsonNode event, boolean late) {
    long time = event.get("event_time").asLong();
    String link = event.get("link_id").asText();
    stored++;
    add(rawByMinute, key(time, MINUTE, link), 1);
    if (event.path("is_test").asBoolean(false)) {
      return;
    }
    int status = event.path("redirect_status").asInt(302);
    long error = status == 0 || status >= 400 ? 1 : 0;
    if (late) {
      add(lateByMinute, key(time, MINUTE, link), 1);
    } else {
      add(clicksByMinute, key(time, MINUTE, link), 1);
      add(errorsByMinute, key(time, MINUTE, link), error);
    }
    add(clicksByHour, key(time, HOUR, link), 1);
    add(errorsByHour, key(time, HOUR, link), error);
  }

  /** An alert the input must raise, once: its deterministic id and status. */
  synchronized void alert(
      String rule, String subjectType, String subjectId, long windowStart, String status) {
    alerts.add(
        AlertIds.alertId(rule, subjectType, subjectId, windowStart)
            + "/"
            + status
            + " "
            + rule
            + " "
            + subjectType
            + " "
            + subjectId);
  }

  synchronized long lateClicks() {
    return lateByMinute.values().stream().mapToLong(Long::longValue).sum();
  }

  synchronized long aggregatedClicks() {
    return clicksByMinute.values().stream().mapToLong(Long::longValue).sum();
  }

  static String key(long epochMillis, long bucket, String link) {
    return (epochMillis - Math.floorMod(epochMillis, bucket)) / 1000 + "|" + link;
  }

  private static void add(Map<String, Long> counts, String key, long n) {
    counts.merge(key, n, Long::sum);
  }

  @Override
  public synchronized String toString() {
    return stored
        + " distinct events ("
        + aggregatedClicks()
        + " in minute aggregates, "
        + lateClicks()
        + " too late), "
        + rejected
        + " to reject, "
        + duplicates
        + " duplicates, "
        + alerts.size()
        + " alerts";
  }
}
