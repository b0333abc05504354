package io.clickpulse.microbench.sink;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.data_formats.RowBinaryFormatWriter;
import com.clickhouse.client.api.insert.InsertSettings;
import com.clickhouse.client.api.metadata.TableSchema;
import com.clickhouse.data.ClickHouseFormat;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * client-v2's own insert: each batch streamed as RowBinary by {@link RowBinaryFormatWriter} against
 * the table's schema, one HTTP request per batch; the same column values as {@code ClicksTable}.
 */
final class ClientV2SinkPath implements SinkPath {
  private final int batchSize;
  private final Client client;
  private final TableSchema schema;

  ClientV2SinkPath(String httpUrl, String database, int batchSize) {
    this.batchSize = batchSize;
    this.client =
        new Client.Builder()
            .addEndpoint(httpUrl)
            .setUsername("default")
            .setPassword("")
            .setDefaultDatabase(database)
            .build();
    this.schema = client.getTableSchema("clicks");
  }

  @Override
  public String name() {
    return "client-v2 RowBinary";
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public void insert(List<EnrichedClick> rows) throws Exception {
    for (int from = 0; from < rows.size(); from += batchSize) {
      List<EnrichedClick> batch = rows.subList(from, Math.min(from + batchSize, rows.size()));
      client
          .insert(
              "clicks",
              out -> {
                RowBinaryFormatWriter writer =
                    new RowBinaryFormatWriter(out, schema, ClickHouseFormat.RowBinary);
                for (EnrichedClick row : batch) {
                  write(writer, row);
                  writer.commitRow();
                }
              },
              ClickHouseFormat.RowBinary,
              new InsertSettings())
          .get()
          .close();
    }
  }

  /** The columns of {@code ClicksTable.INSERT}, with the same values. */
  private static void write(RowBinaryFormatWriter w, EnrichedClick c) {
    ClickEvent e = c.click;
    w.setString("event_id", e.eventId);
    w.setDateTime("event_time", Instant.ofEpochMilli(e.eventTime).atZone(ZoneOffset.UTC));
    w.setString("link_id", e.linkId);
    w.setString("short_url", e.shortUrl);
    w.setString("destination_url", e.destinationUrl);
    w.setString("link_domain", e.linkDomain);
    w.setString("utm_source_raw", orEmpty(e.utmSource));
    w.setString("utm_medium_raw", orEmpty(e.utmMedium));
    w.setString("utm_campaign_raw", orEmpty(e.utmCampaign));
    w.setString("utm_term_raw", orEmpty(e.utmTerm));
    w.setString("utm_content_raw", orEmpty(e.utmContent));
    w.setString("utm_source", c.utmSource);
    w.setString("utm_medium", c.utmMedium);
    w.setString("utm_campaign", c.utmCampaign);
    w.setString("utm_term", c.utmTerm);
    w.setString("utm_content", c.utmContent);
    w.setList("utm_unknown", c.utmUnknown);
    w.setString("taxonomy_version", c.taxonomyVersion);
    w.setString("campaign_id", orEmpty(e.campaignId));
    w.setString("campaign_owner", orEmpty(e.campaignOwner));
    w.setString("channel", c.channel);
    w.setString("referrer", orEmpty(e.referrer));
    w.setString("referrer_domain", c.referrerDomain);
    w.setString("user_agent", orEmpty(e.userAgent));
    w.setString("browser", c.browser);
    w.setString("browser_version", c.browserVersion);
    w.setString("os", c.os);
    w.setString("device_class", c.deviceClass);
    w.setBoolean("is_bot", c.isBot);
    w.setString("bot_reason", c.botReason);
    w.setLong("visitor_id", c.visitorId);
    w.setLong("ip_hash", c.ipHash);
    w.setString("ip_network", c.ipNetwork);
    w.setString("http_method", e.httpMethod);
    w.setValue("redirect_status", e.redirectStatus);
    w.setString("country", orEmpty(e.country));
    w.setBoolean("is_test", e.isTest);
    w.setValue("custom", e.custom);
    w.setInteger("source_partition", e.sourcePartition);
    w.setLong("source_offset", e.sourceOffset);
    w.setLong("clock_ahead_ms", Math.min(e.clockAheadMillis, 0xFFFF_FFFFL));
    w.setString("campaign_name", orEmpty(c.campaignName));
    w.setString("link_owner", orEmpty(c.linkOwner));
    w.setList("link_tags", c.linkTags);
    w.setString("link_priority", orEmpty(c.linkPriority));
    w.setString("contact_id", orEmpty(c.contactId));
  }

  private static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  @Override
  public void close() {
    client.close();
  }
}
