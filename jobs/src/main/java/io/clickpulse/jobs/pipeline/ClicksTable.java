package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERT into {@code clicks} and how an {@link EnrichedClick} fills it. */
public final class ClicksTable {
  public static final String INSERT =
      "INSERT INTO clicks (event_id, event_time, link_id, short_url, destination_url, link_domain,"
          + " utm_source_raw, utm_medium_raw, utm_campaign_raw, utm_term_raw, utm_content_raw,"
          + " utm_source, utm_medium, utm_campaign, utm_term, utm_content, utm_unknown,"
          + " taxonomy_version, campaign_id, campaign_owner, channel, referrer, referrer_domain,"
          + " user_agent, browser, browser_version, os, device_class, is_bot, bot_reason,"
          + " visitor_id, ip_hash, ip_network, http_method, redirect_status, country, is_test,"
          + " custom, source_partition, source_offset, clock_ahead_ms,"
          + " campaign_name, link_owner, link_tags, link_priority, contact_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
          + " ?, ?, ?, ?, ?)";

  private ClicksTable() {}

  /** Binds one row; values are always parameters, never spliced into SQL. */
  public static final JdbcStatementBuilder<EnrichedClick> STATEMENT_BUILDER = ClicksTable::bind;

  static void bind(PreparedStatement ps, EnrichedClick c) throws SQLException {
    ClickEvent e = c.click;
    int i = 1;
    ps.setString(i++, e.eventId);
    ClickHouseJdbc.setInstant(ps, i++, e.eventTime);
    ps.setString(i++, e.linkId);
    ps.setString(i++, e.shortUrl);
    ps.setString(i++, e.destinationUrl);
    ps.setString(i++, e.linkDomain);
    ps.setString(i++, orEmpty(e.utmSource));
    ps.setString(i++, orEmpty(e.utmMedium));
    ps.setString(i++, orEmpty(e.utmCampaign));
    ps.setString(i++, orEmpty(e.utmTerm));
    ps.setString(i++, orEmpty(e.utmContent));
    ps.setString(i++, c.utmSource);
    ps.setString(i++, c.utmMedium);
    ps.setString(i++, c.utmCampaign);
    ps.setString(i++, c.utmTerm);
    ps.setString(i++, c.utmContent);
    ps.setObject(i++, c.utmUnknown);
    ps.setString(i++, c.taxonomyVersion);
    ps.setString(i++, orEmpty(e.campaignId));
    ps.setString(i++, orEmpty(e.campaignOwner));
    ps.setString(i++, c.channel);
    ps.setString(i++, orEmpty(e.referrer));
    ps.setString(i++, c.referrerDomain);
    ps.setString(i++, orEmpty(e.userAgent));
    ps.setString(i++, c.browser);
    ps.setString(i++, c.browserVersion);
    ps.setString(i++, c.os);
    ps.setString(i++, c.deviceClass);
    ps.setBoolean(i++, c.isBot);
    ps.setString(i++, c.botReason);
    ps.setLong(i++, c.visitorId);
    ps.setLong(i++, c.ipHash);
    ps.setString(i++, c.ipNetwork);
    ps.setString(i++, e.httpMethod);
    if (e.redirectStatus == null) {
      ps.setNull(i++, Types.SMALLINT);
    } else {
      ps.setInt(i++, e.redirectStatus);
    }
    ps.setString(i++, orEmpty(e.country));
    ps.setBoolean(i++, e.isTest);
    ps.setObject(i++, e.custom);
    ps.setInt(i++, e.sourcePartition);
    ps.setLong(i++, e.sourceOffset);
    // UInt32 milliseconds: clamp, validation already bounds event times to minutes ahead.
    ps.setLong(i++, Math.min(e.clockAheadMillis, 0xFFFF_FFFFL));
    // The link catalog's fields (V012), empty when the link stage is off or the link unknown.
    ps.setString(i++, orEmpty(c.campaignName));
    ps.setString(i++, orEmpty(c.linkOwner));
    ps.setObject(i++, c.linkTags == null ? java.util.List.of() : c.linkTags);
    ps.setString(i++, orEmpty(c.linkPriority));
    ps.setString(i, orEmpty(c.contactId));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }
}
