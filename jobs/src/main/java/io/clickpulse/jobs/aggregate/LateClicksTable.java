package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERT into {@code late_clicks}. */
public final class LateClicksTable {
  public static final String INSERT =
      "INSERT INTO late_clicks (event_id, event_time, link_id, campaign_id, is_bot) VALUES (?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<MinuteClick> STATEMENT_BUILDER = LateClicksTable::bind;

  private LateClicksTable() {}

  static void bind(PreparedStatement ps, MinuteClick c) throws SQLException {
    ps.setString(1, c.eventId);
    ClickHouseJdbc.setInstant(ps, 2, c.eventTime);
    ps.setString(3, c.key.linkId);
    ps.setString(4, c.key.campaignId);
    ps.setBoolean(5, c.isBot);
  }
}
