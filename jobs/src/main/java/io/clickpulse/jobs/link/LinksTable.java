package io.clickpulse.jobs.link;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.udf.link.LinkState;
import io.clickpulse.udf.link.LinkUrls;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/**
 * The INSERT into {@code link_events}; the {@code links_latest} view (V011) copies each row into
 * {@code links}, the latest version per link.
 */
public final class LinksTable {
  public static final String INSERT =
      "INSERT INTO link_events (link_id, version, event_id, event_type, event_time, short_url,"
          + " destination_url, link_domain, utm_source, utm_medium, utm_campaign, utm_term,"
          + " utm_content, campaign_id, campaign_name, owner, tags, priority, qr_code_id,"
          + " contact_id, import_id, created_by, expires_at, deleted, deleted_at)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<LinkRow> STATEMENT_BUILDER = LinksTable::bind;

  private LinksTable() {}

  private static void bind(PreparedStatement ps, LinkRow r) throws SQLException {
    LinkState l = r.link;
    int i = 1;
    ps.setString(i++, l.linkId);
    ps.setLong(i++, l.version);
    ps.setString(i++, r.eventId);
    ps.setString(i++, r.eventType);
    ClickHouseJdbc.setInstant(ps, i++, r.eventTime);
    ps.setString(i++, nonNull(l.shortUrl));
    ps.setString(i++, nonNull(l.destinationUrl));
    String domain =
        l.customDomain != null
            ? l.customDomain
            : l.shortUrl == null ? null : LinkUrls.host(l.shortUrl);
    ps.setString(i++, nonNull(domain));
    ps.setString(i++, nonNull(l.utmSource));
    ps.setString(i++, nonNull(l.utmMedium));
    ps.setString(i++, nonNull(l.utmCampaign));
    ps.setString(i++, nonNull(l.utmTerm));
    ps.setString(i++, nonNull(l.utmContent));
    ps.setString(i++, nonNull(l.campaignId));
    ps.setString(i++, nonNull(l.campaignName));
    ps.setString(i++, nonNull(l.owner));
    ps.setObject(i++, l.tags);
    ps.setString(i++, nonNull(l.priority));
    ps.setString(i++, nonNull(l.qrCodeId));
    ps.setString(i++, nonNull(l.contactId));
    ps.setString(i++, nonNull(l.importId));
    ps.setString(i++, nonNull(r.createdBy));
    nullableInstant(ps, i++, l.expiresAt);
    ps.setBoolean(i++, l.deleted);
    nullableInstant(ps, i, l.deleted ? l.deletedAt : null);
  }

  private static void nullableInstant(PreparedStatement ps, int index, Long epochMillis)
      throws SQLException {
    if (epochMillis == null) {
      ps.setNull(index, Types.TIMESTAMP);
    } else {
      ClickHouseJdbc.setInstant(ps, index, epochMillis);
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
