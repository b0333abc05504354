package io.clickpulse.local.report;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The SQL behind each part of the report. The page shows it as written here, so an analyst can
 * re-run it in any ClickHouse client; only {@code FORMAT JSON} is added when the report runs it.
 * Tables are ReplacingMergeTree, hence {@code FINAL}: a replayed insert must not count twice.
 */
record ReportQueries(String database, Instant from, Instant to) {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  ReportQueries {
    requirePlainName(database);
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("The report's range ends before it starts");
    }
  }

  /** The database name, checked: it goes into the SQL as it is. */
  static String requirePlainName(String database) {
    if (database == null || !IDENTIFIER.matcher(database).matches()) {
      throw new IllegalArgumentException("Not a plain database name: " + database);
    }
    return database;
  }

  /** Clicks per minute of event time and normalized source. */
  String trafficBySource() {
    return "SELECT toStartOfMinute(event_time) AS minute, utm_source, count() AS clicks\n"
        + clicksInRange()
        + "GROUP BY minute, utm_source\n"
        + "ORDER BY minute, utm_source";
  }

  /** Human and bot clicks per normalized source, busiest source first. */
  String humansAndBotsBySource() {
    return "SELECT utm_source, countIf(NOT is_bot) AS humans, countIf(is_bot) AS bots\n"
        + clicksInRange()
        + "GROUP BY utm_source\n"
        + "ORDER BY humans + bots DESC, utm_source";
  }

  /**
   * The ten links with the most clicks, named by the link catalog where it knows them (the view
   * {@code link_names}, docs/links.md; empty otherwise).
   */
  String topLinks() {
    return "SELECT t.link_id AS link_id, n.campaign_name AS campaign_name,\n"
        + "       t.clicks AS clicks, t.bots AS bots\n"
        + "FROM (SELECT link_id, count() AS clicks, countIf(is_bot) AS bots\n"
        + clicksInRange()
        + "GROUP BY link_id\n"
        + "ORDER BY clicks DESC, link_id\n"
        + "LIMIT 10) AS t\n"
        + "LEFT JOIN "
        + database
        + ".link_names AS n ON n.link_id = t.link_id\n"
        + "ORDER BY t.clicks DESC, t.link_id";
  }

  /** Link lifecycle alerts (rules {@code link_*}) per rule, each with an example. */
  /**
   * Conversions per type and currency (slot 0: one row per conversion; docs/conversions.md): how
   * many, how many credited to a click, on which links, and the amount. Every conversion sent,
   * whatever its time: a late one may lie hours before the clicks of the range.
   */
  String conversions() {
    return "SELECT conversion_type AS type, currency, count() AS conversions,\n"
        + "       countIf(model = 'last_click') AS attributed,\n"
        + "       groupUniqArrayIf(link_id, model = 'last_click') AS links,\n"
        + "       toString(sum(amount)) AS amount\n"
        + "FROM "
        + database
        + ".conversions FINAL\n"
        + "WHERE slot = 0 AND NOT is_test\n"
        + "GROUP BY type, currency\n"
        + "ORDER BY type, currency";
  }

  /** The CRM signals (docs/crm.md), newest first. */
  String crmSignals() {
    return "SELECT signal_id, rule, subject_type, subject_id, click_count,\n"
        + "       arrayStringConcat(link_ids, ' ') AS links,\n"
        + "       toString(last_click_time) AS last_click_time\n"
        + "FROM "
        + database
        + ".crm_signals FINAL\n"
        + "ORDER BY last_click_time DESC, signal_id\n"
        + "LIMIT 50";
  }

  String lifecycleAlerts() {
    return "SELECT rule, count() AS alerts, any(severity) AS severity,\n"
        + "       any(subject_id) AS example_subject, any(reason) AS example_reason\n"
        + "FROM "
        + database
        + ".alerts FINAL\n"
        + "WHERE status = 'firing' AND startsWith(rule, 'link_')\n"
        + "  AND window_start <= "
        + literal(to)
        + " AND window_end >= "
        + literal(from)
        + "\n"
        + "GROUP BY rule\n"
        + "ORDER BY rule";
  }

  /**
   * One row per alert overlapping the range. Firing and resolved rows of one alert share its id;
   * the reason shown is the firing one, the window spans both. The window's aliases differ from the
   * column names, else ClickHouse would read the aggregates into WHERE. {@code link_name} is the
   * link's campaign name from the catalog (empty if it has none).
   */
  String alerts() {
    return "SELECT a.alert_id AS alert_id, a.statuses AS statuses, a.rule AS rule,\n"
        + "       a.severity AS severity, a.subject_type AS subject_type,\n"
        + "       a.subject_id AS subject_id, a.link_id AS link_id, a.campaign_id AS campaign_id,\n"
        + "       a.starts AS starts, a.ends AS ends, a.reason AS reason,\n"
        + "       n.campaign_name AS link_name\n"
        + "FROM (SELECT alert_id,\n"
        + "       arrayStringConcat(arraySort(groupUniqArray(status)), ', ') AS statuses,\n"
        + "       any(rule) AS rule, any(severity) AS severity,\n"
        + "       any(subject_type) AS subject_type, any(subject_id) AS subject_id,\n"
        + "       any(link_id) AS link_id, any(campaign_id) AS campaign_id,\n"
        + "       min(window_start) AS starts, max(window_end) AS ends,\n"
        + "       argMin(reason, status = 'resolved') AS reason\n"
        + "FROM "
        + database
        + ".alerts FINAL\n"
        + "WHERE window_start <= "
        + literal(to)
        + " AND window_end >= "
        + literal(from)
        + "\n"
        + "GROUP BY alert_id) AS a\n"
        + "LEFT JOIN "
        + database
        + ".link_names AS n ON n.link_id = a.link_id\n"
        + "ORDER BY a.starts, a.alert_id";
  }

  private String clicksInRange() {
    return "FROM "
        + database
        + ".clicks FINAL\n"
        + "WHERE event_time BETWEEN "
        + literal(from)
        + " AND "
        + literal(to)
        + "\n";
  }

  private static String literal(Instant instant) {
    return "toDateTime64('" + LITERAL.format(instant) + "', 3, 'UTC')";
  }
}
