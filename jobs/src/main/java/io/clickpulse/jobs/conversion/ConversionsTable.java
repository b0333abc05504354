package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * The INSERT into {@code conversions} (V013). The table replaces by (conversion_id, slot), keeping
 * the latest attribution: a replayed or redelivered conversion overwrites its rows.
 */
public final class ConversionsTable {
  public static final String INSERT =
      "INSERT INTO conversions (conversion_id, slot, conversion_type, conversion_time, amount,"
          + " currency, contact_id, visitor_id, hint_link_id, hint_campaign_id, is_test, model,"
          + " weight, click_id, click_time, link_id, campaign_id, channel, utm_source, utm_medium,"
          + " utm_campaign, attributed_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<AttributedConversion> STATEMENT_BUILDER =
      ConversionsTable::bind;

  private ConversionsTable() {}

  private static void bind(PreparedStatement ps, AttributedConversion r) throws SQLException {
    int i = 1;
    ps.setString(i++, r.conversionId);
    ps.setInt(i++, r.slot);
    ps.setString(i++, r.conversionType);
    ClickHouseJdbc.setInstant(ps, i++, r.conversionTime);
    ps.setBigDecimal(i++, r.amount == null ? BigDecimal.ZERO : r.amount);
    ps.setString(i++, nonNull(r.currency));
    ps.setString(i++, nonNull(r.contactId));
    if (r.visitorId == null) {
      ps.setNull(i++, Types.BIGINT);
    } else {
      ps.setLong(i++, r.visitorId);
    }
    ps.setString(i++, nonNull(r.hintLinkId));
    ps.setString(i++, nonNull(r.hintCampaignId));
    ps.setBoolean(i++, r.isTest);
    ps.setString(i++, r.model);
    ps.setDouble(i++, r.weight);
    ps.setString(i++, nonNull(r.clickId));
    if (r.clickId == null) {
      ps.setNull(i++, Types.TIMESTAMP);
    } else {
      ClickHouseJdbc.setInstant(ps, i++, r.clickTime);
    }
    ps.setString(i++, nonNull(r.linkId));
    ps.setString(i++, nonNull(r.campaignId));
    ps.setString(i++, nonNull(r.channel));
    ps.setString(i++, nonNull(r.utmSource));
    ps.setString(i++, nonNull(r.utmMedium));
    ps.setString(i++, nonNull(r.utmCampaign));
    ClickHouseJdbc.setInstant(ps, i, r.attributedAt);
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
