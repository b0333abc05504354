package io.clickpulse.jobs.conversion;

import static io.clickpulse.jobs.conversion.ConversionsForTest.MINUTE;
import static io.clickpulse.jobs.conversion.ConversionsForTest.T0;
import static io.clickpulse.jobs.conversion.ConversionsForTest.click;
import static io.clickpulse.jobs.conversion.ConversionsForTest.sale;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.udf.conversion.Attribution;
import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.conversion.ConversionType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Conversion rows through the sinks' connection into V013's table, and the daily view against
 * clicks of the same day: replays and re-attributions counted once, bots and tests left out.
 */
@Tag("engines")
class ConversionsTableITCase {
  @Test
  void theDailyViewCountsEachConversionOnceAgainstHumanClicks() throws Exception {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String db = Engines.unique("conv");
    String url = clickhouse.jdbcUrl(db);
    new ClickHouseMigrations(url, "default", "").apply();

    // 2026-12-01: three human clicks on lnk-a, one bot and one test click on it; one on lnk-b.
    clickhouse.query(
        "INSERT INTO "
            + db
            + ".clicks (event_id, event_time, link_id, campaign_id, channel, is_bot, is_test,"
            + " visitor_id) VALUES"
            + " ('c-1', fromUnixTimestamp64Milli(toInt64("
            + T0
            + ")), 'lnk-a', 'cmp-lnk-a', 'email', false, false, 1),"
            + " ('c-2', fromUnixTimestamp64Milli(toInt64("
            + (T0 + MINUTE)
            + ")), 'lnk-a', 'cmp-lnk-a', 'email', false, false, 2),"
            + " ('c-3', fromUnixTimestamp64Milli(toInt64("
            + (T0 + 2 * MINUTE)
            + ")), 'lnk-a', 'cmp-lnk-a', 'email', false, false, 3),"
            + " ('c-bot', fromUnixTimestamp64Milli(toInt64("
            + (T0 + 3 * MINUTE)
            + ")), 'lnk-a', 'cmp-lnk-a', 'email', true, false, 4),"
            + " ('c-qa', fromUnixTimestamp64Milli(toInt64("
            + (T0 + 4 * MINUTE)
            + ")), 'lnk-a', 'cmp-lnk-a', 'email', false, true, 5),"
            + " ('c-b', fromUnixTimestamp64Milli(toInt64("
            + T0
            + ")), 'lnk-b', 'cmp-lnk-b', 'email', false, false, 6)");

    AttributionClick a = click("c-1", 1L, T0, "lnk-a");
    AttributionClick b = click("c-b", 6L, T0, "lnk-b");
    ConversionEvent ord1 = sale("ord-1", 1L, T0 + 10 * MINUTE, "129.95");
    ConversionEvent ord2 = sale("ord-2", 2L, T0 + 20 * MINUTE, "20");
    ord2.currency = "USD";
    ConversionEvent lead = sale("lead-1", 6L, T0 + 30 * MINUTE, "0");
    lead.type = ConversionType.LEAD;
    lead.amount = null;
    lead.currency = null;
    ConversionEvent qa = sale("qa-1", 5L, T0 + 40 * MINUTE, "999");
    qa.isTest = true;
    long at = T0 + 60 * MINUTE;

    List<AttributedConversion> rows = new ArrayList<>();
    rows.add(credit(ord1, a, Attribution.Model.LAST_CLICK, 1.0, 0, at));
    rows.add(credit(ord1, b, Attribution.Model.ASSISTED, 1.0, 1, at));
    rows.add(credit(ord2, a, Attribution.Model.LAST_CLICK, 1.0, 0, at));
    // lead-1 first came before its click was known, then was attributed.
    rows.add(AttributedConversion.unattributed(lead, at));
    rows.add(credit(lead, b, Attribution.Model.LAST_CLICK, 1.0, 0, at + MINUTE));
    rows.add(credit(qa, a, Attribution.Model.LAST_CLICK, 1.0, 0, at));
    // A replay of ord-1.
    rows.add(credit(ord1, a, Attribution.Model.LAST_CLICK, 1.0, 0, at + 2 * MINUTE));
    rows.add(credit(ord1, b, Attribution.Model.ASSISTED, 1.0, 1, at + 2 * MINUTE));
    try (Connection c =
            new SimpleJdbcConnectionProvider(ClickHouseSinks.connectionOptions(url, "default", ""))
                .getOrEstablishConnection();
        PreparedStatement ps = c.prepareStatement(ConversionsTable.INSERT)) {
      for (AttributedConversion row : rows) {
        ConversionsTable.STATEMENT_BUILDER.accept(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    }

    assertEquals(
        "lead-1\t0\tlead\tlast_click\tc-b\t0\t\t6\n"
            + "ord-1\t0\tsale\tlast_click\tc-1\t129.95\tEUR\t1\n"
            + "ord-1\t1\tsale\tassisted\tc-b\t129.95\tEUR\t1\n"
            + "ord-2\t0\tsale\tlast_click\tc-1\t20\tUSD\t2\n"
            + "qa-1\t0\tsale\tlast_click\tc-1\t999\tEUR\t5\n",
        clickhouse.query(
            "SELECT conversion_id, slot, conversion_type, model, click_id, amount, currency,"
                + " visitor_id FROM "
                + db
                + ".conversions FINAL ORDER BY conversion_id, slot FORMAT TSV"));
    assertEquals(
        "2026-12-01\tlnk-a\tcmp-lnk-a\temail\t3\t2\t0\t0\t2\t0\t{'EUR':129.95,'USD':20}\t0.6666666666666666\n"
            + "2026-12-01\tlnk-b\tcmp-lnk-b\temail\t1\t1\t1\t0\t0\t1\t{}\t1\n",
        clickhouse.query(
            "SELECT day, link_id, campaign_id, channel, human_clicks, conversions, leads, signups,"
                + " sales, assisted_conversions, revenue, conversion_rate FROM "
                + db
                + ".conversions_daily ORDER BY day, link_id FORMAT TSV"));
  }

  private static AttributedConversion credit(
      ConversionEvent e,
      AttributionClick c,
      Attribution.Model model,
      double weight,
      int slot,
      long at) {
    return AttributedConversion.credited(e, new Attribution.Credit(c, model, weight), slot, at);
  }
}
