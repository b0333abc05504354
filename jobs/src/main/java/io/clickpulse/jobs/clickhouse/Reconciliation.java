package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.settings.Settings;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that the numbers in ClickHouse agree for a closed time range (one the watermark and the
 * allowed lateness have passed): per minute and link, the minute aggregates hold exactly the raw
 * table's non-test clicks minus those that arrived too late; per hour and link, the hourly rollup
 * holds exactly the raw table's non-test clicks.
 */
public final class Reconciliation {

  /** A minute (or hour) and link where two tables disagree. */
  public record Difference(
      String table, Instant bucket, String linkId, long expected, long actual) {
    @Override
    public String toString() {
      return String.format(
          "%s %s link %s: expected %d, found %d (%+d)",
          table, bucket, linkId, expected, actual, actual - expected);
    }
  }

  /** Totals over the range and every difference found. */
  public record Report(
      Instant from,
      Instant to,
      long rawClicks,
      long lateClicks,
      long minuteClicks,
      long hourlyExpected,
      long hourlyClicks,
      List<Difference> differences) {
    public boolean consistent() {
      return differences.isEmpty();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder();
      s.append(String.format("Reconciliation %s .. %s%n", from, to));
      s.append(String.format("  raw non-test clicks      %,d%n", rawClicks));
      s.append(String.format("  of which arrived too late %,d%n", lateClicks));
      s.append(
          String.format(
              "  sum of minute aggregates %,d (expected %,d)%n",
              minuteClicks, rawClicks - lateClicks));
      s.append(
          String.format(
              "  hourly rollup clicks     %,d (expected %,d, whole hours only)%n",
              hourlyClicks, hourlyExpected));
      s.append(
          consistent()
              ? "  OK: all tables agree\n"
              : "  MISMATCH in " + differences.size() + " places:\n");
      differences.stream().limit(50).forEach(d -> s.append("    ").append(d).append('\n'));
      return s.toString();
    }
  }

  /**
   * {@code ./clickpulse reconcile --clickhouse.url URL --from 2026-11-22T10:00:00Z --to ...}:
   * prints the report; exits with 1 when the tables disagree.
   */
  public static void main(String[] args) {
    Settings settings = Settings.load(args, System.getenv());
    ClickHouseSettings clickhouse = ClickHouseSettings.connection(settings);
    String from = settings.required("from");
    String to = settings.required("to");
    settings.validate();
    Report report =
        new Reconciliation(clickhouse.url(), clickhouse.user(), clickhouse.password())
            .check(Instant.parse(from), Instant.parse(to));
    System.out.print(report);
    System.exit(report.consistent() ? 0 : 1);
  }

  private final String jdbcUrl;
  private final String user;
  private final String password;

  public Reconciliation(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** Reconciles [from, to), both rounded down to the minute. */
  public Report check(Instant from, Instant to) {
    Instant start = from.truncatedTo(ChronoUnit.MINUTES);
    Instant end = to.truncatedTo(ChronoUnit.MINUTES);
    String range =
        "BETWEEN " + dateTime(start) + " AND " + dateTime(end) + " - INTERVAL 1 MILLISECOND";
    try (Connection c = ClickHouseJdbc.connect(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      List<Difference> differences = new ArrayList<>();
      long[] totals = new long[3];
      String minutes =
          "SELECT bucket, link_id, raw - late AS expected, agg AS actual, raw, late FROM"
              + " (SELECT toDateTime(toStartOfMinute(event_time)) AS bucket, link_id, count() AS raw"
              + "  FROM clicks FINAL WHERE NOT is_test AND event_time "
              + range
              + " GROUP BY bucket, link_id) r"
              + " FULL OUTER JOIN"
              + " (SELECT toDateTime(toStartOfMinute(event_time)) AS bucket, link_id, count() AS late"
              + "  FROM late_clicks FINAL WHERE event_time "
              + range
              + " GROUP BY bucket, link_id) l"
              + " USING (bucket, link_id)"
              + " FULL OUTER JOIN"
              + " (SELECT window_start AS bucket, link_id, sum(clicks) AS agg"
              + "  FROM clicks_minute FINAL WHERE window_start "
              + range
              + " GROUP BY bucket, link_id) m"
              + " USING (bucket, link_id)"
              + " ORDER BY bucket, link_id";
      try (ResultSet rs = st.executeQuery(minutes)) {
        while (rs.next()) {
          totals[0] += rs.getLong("raw");
          totals[1] += rs.getLong("late");
          totals[2] += rs.getLong("actual");
          addIfDifferent(differences, "clicks_minute", rs);
        }
      }
      long hourlyExpected = 0;
      long hourly = 0;
      Instant firstHour = start.plus(59, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.HOURS);
      Instant endHour = end.truncatedTo(ChronoUnit.HOURS);
      if (firstHour.isBefore(endHour)) {
        String hours =
            "BETWEEN "
                + dateTime(firstHour)
                + " AND "
                + dateTime(endHour)
                + " - INTERVAL 1 MILLISECOND";
        String hourlyQuery =
            "SELECT bucket, link_id, raw AS expected, agg AS actual FROM"
                + " (SELECT toStartOfHour(toDateTime(event_time)) AS bucket, link_id, count() AS raw"
                + "  FROM clicks FINAL WHERE NOT is_test AND event_time "
                + hours
                + " GROUP BY bucket, link_id) r"
                + " FULL OUTER JOIN"
                + " (SELECT hour AS bucket, link_id, uniqExactMerge(clicks) AS agg"
                + "  FROM clicks_hourly WHERE hour "
                + hours
                + " GROUP BY bucket, link_id) h"
                + " USING (bucket, link_id)"
                + " ORDER BY bucket, link_id";
        try (ResultSet rs = st.executeQuery(hourlyQuery)) {
          while (rs.next()) {
            hourlyExpected += rs.getLong("expected");
            hourly += rs.getLong("actual");
            addIfDifferent(differences, "clicks_hourly", rs);
          }
        }
      }
      return new Report(
          start, end, totals[0], totals[1], totals[2], hourlyExpected, hourly, differences);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Reconciliation query failed on " + jdbcUrl + ": " + e.getMessage(), e);
    }
  }

  private static void addIfDifferent(List<Difference> differences, String table, ResultSet rs)
      throws SQLException {
    long expected = rs.getLong("expected");
    long actual = rs.getLong("actual");
    if (expected != actual) {
      differences.add(
          new Difference(
              table,
              rs.getTimestamp("bucket").toInstant(),
              rs.getString("link_id"),
              expected,
              actual));
    }
  }

  private static String dateTime(Instant instant) {
    return "toDateTime64('"
        + instant.toString().replace("T", " ").replace("Z", "")
        + "', 3, 'UTC')";
  }
}
