package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.json.Json;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERTs into {@code alerts} and {@code bot_clients}. */
public final class AlertsTable {
  public static final String INSERT =
      "INSERT INTO alerts (alert_id, status, rule, severity, subject_type, subject_id, link_id,"
          + " campaign_id, owner, window_start, window_end, observed, expected, reason, evidence,"
          + " dashboard_url, fingerprint, context)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<Alert> STATEMENT_BUILDER =
      (ps, a) -> {
        int i = 1;
        ps.setString(i++, a.alertId);
        ps.setString(i++, a.status);
        ps.setString(i++, a.rule);
        ps.setString(i++, a.severity);
        ps.setString(i++, a.subjectType);
        ps.setString(i++, a.subjectId);
        ps.setString(i++, nonNull(a.linkId));
        ps.setString(i++, nonNull(a.campaignId));
        ps.setString(i++, nonNull(a.owner));
        ClickHouseJdbc.setInstant(ps, i++, a.windowStart);
        ClickHouseJdbc.setInstant(ps, i++, a.windowEnd);
        ps.setDouble(i++, a.observed);
        ps.setDouble(i++, a.expected);
        ps.setString(i++, a.reason);
        ps.setObject(i++, a.evidence);
        ps.setString(i++, a.dashboardUrl);
        ps.setString(i++, a.fingerprint);
        // The event's context object as JSON (V010), the same text as on the Kafka topic.
        ps.setString(i, a.context == null ? "{}" : Json.string(a.context));
      };

  public static final String INSERT_BOT_CLIENT =
      "INSERT INTO bot_clients (visitor_id, rule, first_seen, last_seen, clicks, distinct_links,"
          + " sample_links, user_agent) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<BotClient> BOT_CLIENT_STATEMENT_BUILDER =
      AlertsTable::bindBotClient;

  private AlertsTable() {}

  private static void bindBotClient(PreparedStatement ps, BotClient c) throws SQLException {
    ps.setLong(1, c.visitorId);
    ps.setString(2, c.rule);
    ClickHouseJdbc.setInstant(ps, 3, c.firstSeen);
    ClickHouseJdbc.setInstant(ps, 4, c.lastSeen);
    ps.setLong(5, c.clicks);
    ps.setLong(6, c.distinctLinks);
    ps.setString(7, c.sampleLinks);
    ps.setString(8, c.userAgent);
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
