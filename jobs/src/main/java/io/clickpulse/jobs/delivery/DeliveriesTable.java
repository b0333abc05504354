package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERT into {@code alert_deliveries}. */
public final class DeliveriesTable {
  public static final String INSERT =
      "INSERT INTO alert_deliveries (webhook_id, alert_id, destination, attempt, attempted_at,"
          + " http_status, outcome, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** Whether a notification was delivered: by the job, or by an earlier replay. */
  static final String WAS_DELIVERED =
      "SELECT count() FROM alert_deliveries WHERE destination = ? AND webhook_id = ?"
          + " AND outcome IN ('delivered', 'replayed')";

  public static final JdbcStatementBuilder<DeliveryAttempt> STATEMENT_BUILDER =
      (ps, a) -> {
        ps.setString(1, a.webhookId);
        ps.setString(2, a.alertId);
        ps.setString(3, a.destination);
        ps.setInt(4, a.attempt);
        ClickHouseJdbc.setInstant(ps, 5, a.attemptedAt);
        ps.setInt(6, a.httpStatus);
        ps.setString(7, a.outcome);
        ps.setLong(8, a.latencyMillis);
        ps.setString(9, a.error == null ? "" : a.error);
      };

  private DeliveriesTable() {}
}
