package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERT into {@code clicks_minute}. */
public final class MinuteAggregatesTable {
  public static final String INSERT =
      "INSERT INTO clicks_minute (window_start, link_id, campaign_id, utm_source, utm_medium,"
          + " utm_campaign, channel, country, device_class, is_bot, clicks, unique_visitors,"
          + " bot_clicks, bot_clicks_by_reason, redirect_errors)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<MinuteAggregate> STATEMENT_BUILDER =
      MinuteAggregatesTable::bind;

  private MinuteAggregatesTable() {}

  static void bind(PreparedStatement ps, MinuteAggregate a) throws SQLException {
    MinuteKey k = a.key;
    int i = 1;
    ClickHouseJdbc.setInstant(ps, i++, a.windowStart);
    ps.setString(i++, k.linkId);
    ps.setString(i++, k.campaignId);
    ps.setString(i++, k.utmSource);
    ps.setString(i++, k.utmMedium);
    ps.setString(i++, k.utmCampaign);
    ps.setString(i++, k.channel);
    ps.setString(i++, k.country);
    ps.setString(i++, k.deviceClass);
    ps.setBoolean(i++, k.isBot);
    ps.setLong(i++, a.clicks);
    ps.setLong(i++, a.uniqueVisitors);
    ps.setLong(i++, a.botClicks);
    ps.setObject(i++, a.botClicksByReason);
    ps.setLong(i, a.redirectErrors);
  }
}
