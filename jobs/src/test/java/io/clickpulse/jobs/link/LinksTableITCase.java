package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.deleted;
import static io.clickpulse.jobs.link.LinkEventsForTest.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Link rows through the sinks' RowBinary connection: history in link_events, latest in links. */
@Tag("engines")
class LinksTableITCase {
  @Test
  void historyKeepsEveryVersionAndLinksTheLatestDeletedIncluded() throws Exception {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String db = Engines.unique("links");
    String url = clickhouse.jdbcUrl(db);
    new ClickHouseMigrations(url, "default", "").apply();

    String qr =
        CLEAN
            + ",\"qr_code_id\":\"qr-1\",\"tags\":[\"winter\",\"nl\"],\"priority\":\"high\","
            + "\"contact_id\":\"hs-88412\"";
    List<LinkRow> rows = new ArrayList<>();
    Map<String, LinkState> states = new HashMap<>();
    for (LinkEvent e :
        List.of(
            created("lnk-a", 1, T0, "https://shop.acme.com/a", qr),
            updated("lnk-a", 2, T0 + 1000, "https://shop.acme.com/b", qr),
            created("lnk-b", 1, T0, "https://shop.acme.com/c", CLEAN),
            deleted("lnk-b", 4, T0 + 5000))) {
      LinkState state = LinkState.apply(states.get(e.linkId), e);
      states.put(e.linkId, state);
      rows.add(new LinkRow(e.eventId, e.type.json(), e.eventTime, "test", state));
    }
    try (Connection c =
            new SimpleJdbcConnectionProvider(ClickHouseSinks.connectionOptions(url, "default", ""))
                .getOrEstablishConnection();
        PreparedStatement ps = c.prepareStatement(LinksTable.INSERT)) {
      for (LinkRow row : rows) {
        LinksTable.STATEMENT_BUILDER.accept(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
      // A replay of the same rows collapses.
      for (LinkRow row : rows) {
        LinksTable.STATEMENT_BUILDER.accept(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    }

    assertEquals(
        "lnk-a\t1\tcreated\thttps://shop.acme.com/a\t['winter','nl']\tqr-1\tfalse\n"
            + "lnk-a\t2\tupdated\thttps://shop.acme.com/b\t['winter','nl']\tqr-1\tfalse\n"
            + "lnk-b\t1\tcreated\thttps://shop.acme.com/c\t[]\t\tfalse\n"
            + "lnk-b\t4\tdeleted\thttps://shop.acme.com/c\t[]\t\ttrue\n",
        clickhouse.query(
            "SELECT link_id, version, event_type, destination_url, tags, qr_code_id, deleted"
                + " FROM "
                + db
                + ".link_events FINAL ORDER BY link_id, version FORMAT TSV"));
    assertEquals(
        "lnk-a\t2\thttps://shop.acme.com/b\tgo.acme.com\tWinter sale 2026\t"
            + (T0 + 1000)
            + "\t\\N\n"
            + "lnk-b\t4\thttps://shop.acme.com/c\tgo.acme.com\tWinter sale 2026\t"
            + (T0 + 5000)
            + "\t"
            + (T0 + 5000)
            + "\n",
        clickhouse.query(
            "SELECT link_id, version, destination_url, link_domain, campaign_name,"
                + " toUnixTimestamp64Milli(event_time), toUnixTimestamp64Milli(deleted_at)"
                + " FROM "
                + db
                + ".links FINAL ORDER BY link_id FORMAT TSV"));
    assertEquals(
        "lnk-a\tWinter sale 2026\tmaria.jansen@acme.com\t['winter','nl']\tfalse\t2\n"
            + "lnk-b\tWinter sale 2026\tmaria.jansen@acme.com\t[]\ttrue\t4\n",
        clickhouse.query(
            "SELECT link_id, campaign_name, owner, tags, deleted, latest_version FROM "
                + db
                + ".link_names ORDER BY link_id FORMAT TSV"),
        "link_names (V012): one row per link, its latest version, without FINAL");

    // Minute aggregates with the catalog (V017): a catalogued link's minutes carry its latest
    // names, an unknown link's minutes empty ones; the replayed minute row counts once (FINAL).
    long minute = T0 / 1000 / 60 * 60;
    String minuteRows =
        "("
            + minute
            + ", 'lnk-a', 'cmp-winter', false, 7, 5), ("
            + minute
            + ", 'lnk-a', 'cmp-winter', false, 7, 5), ("
            + minute
            + ", 'lnk-x', '', false, 2, 2)";
    clickhouse.query(
        "INSERT INTO "
            + db
            + ".clicks_minute (window_start, link_id, campaign_id, is_bot, clicks,"
            + " unique_visitors) VALUES "
            + minuteRows);
    assertEquals(
        "lnk-a\t7\tWinter sale 2026\tmaria.jansen@acme.com\t['winter','nl']\thigh\ths-88412\n"
            + "lnk-x\t2\t\t\t[]\t\t\n",
        clickhouse.query(
            "SELECT link_id, clicks, campaign_name, link_owner, link_tags, link_priority,"
                + " contact_id FROM "
                + db
                + ".clicks_minute_catalog ORDER BY link_id FORMAT TSV"));
  }
}
