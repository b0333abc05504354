package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.clickhouse.jdbc.WriterStatementImpl;
import io.clickpulse.jobs.aggregate.LateClicksTable;
import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteAggregatesTable;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.aggregate.MinuteKey;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertsTable;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.delivery.DeliveriesTable;
import io.clickpulse.jobs.delivery.DeliveryAttempt;
import io.clickpulse.jobs.pipeline.ClicksTable;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.jobs.pipeline.PipelineHealthTables;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.zone.ZoneOffsetTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every table binder of the pipeline against the real engine, in both ways the driver sends a batch
 * (one {@code INSERT ... VALUES} text statement, or RowBinary), while the JVM's default time zone
 * is not UTC: every stored time must be the instant that was bound, and both ways must store the
 * same rows, Nullable, Map, Array, Bool and LowCardinality columns included.
 */
@Tag("engines")
class ClickHouseTablesITCase {
  /** Has daylight saving time, so a binding that passes through local time shows at any date. */
  private static final TimeZone NEW_YORK = TimeZone.getTimeZone("America/New_York");

  private static TimeZone originalZone;
  private static ClickHouseServer clickhouse;
  private static String textDb;
  private static String rowBinaryDb;

  /**
   * Times around the next autumn transition in New York: 01:30 local daylight time, 01:30 local
   * standard time (the same local time, an hour apart), and one in winter time. In the future so
   * that no TTL removes the rows.
   */
  private static List<Long> times;

  @BeforeAll
  static void setUp() {
    originalZone = TimeZone.getDefault();
    TimeZone.setDefault(NEW_YORK);
    clickhouse = Engines.sharedClickHouse();
    textDb = Engines.unique("tables_text");
    rowBinaryDb = Engines.unique("tables_rowbinary");
    for (String db : List.of(textDb, rowBinaryDb)) {
      new ClickHouseMigrations(clickhouse.jdbcUrl(db), "default", "").apply();
    }
    Instant fallBack = nextFallBack();
    times =
        List.of(
            fallBack.minus(Duration.ofMinutes(30)).plusMillis(123).toEpochMilli(),
            fallBack.plus(Duration.ofMinutes(30)).plusMillis(456).toEpochMilli(),
            fallBack.plus(Duration.ofDays(40)).plusMillis(999).toEpochMilli());
  }

  @AfterAll
  static void restoreZone() {
    TimeZone.setDefault(originalZone);
  }

  @Test
  void clicks() throws SQLException {
    List<EnrichedClick> rows = perTime(n -> click("e" + n, times.get(n), n == 0));
    writeBoth(ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER, rows);

    assertTimes("clicks", "event_id", "toUnixTimestamp64Milli(event_time)", times);
    assertSameRows("clicks", "event_id");
    for (String db : List.of(textDb, rowBinaryDb)) {
      assertEquals(
          "e0\t301\t{'a':'1','b':'it\\'s'}\t['utm_source','channel']\ttrue\n"
              + "e1\t\\N\t{}\t[]\tfalse\n"
              + "e2\t\\N\t{}\t[]\tfalse\n",
          clickhouse.query(
              "SELECT event_id, redirect_status, custom, utm_unknown, is_bot FROM "
                  + db
                  + ".clicks ORDER BY event_id"),
          db);
      assertEquals(
          "e0\tSpring sale \\'26\tmaria@acme.com\t['spring','nl']\thigh\ths-1\n"
              + "e1\t\t\t[]\t\t\n"
              + "e2\t\t\t[]\t\t\n",
          clickhouse.query(
              "SELECT event_id, campaign_name, link_owner, link_tags, link_priority, contact_id"
                  + " FROM "
                  + db
                  + ".clicks ORDER BY event_id"),
          db + ": the link catalog's columns");
    }
  }

  @Test
  void replayedClicksCollapseInRowBinaryToo() throws SQLException {
    String db = migratedDatabase("tables_replay");
    List<EnrichedClick> rows = nonTestClicks("r");

    write(db, true, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER, rows);
    write(db, true, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER, rows);

    assertEquals("6\t3\n", storedAndFinal(db));
    assertEquals(
        "3\n",
        clickhouse.query("SELECT uniqExactMerge(clicks) FROM " + db + ".clicks_daily"),
        "the rollups count each event once");
  }

  @Test
  void sinksSkipTheMergeOnInsertAndFinalStillCollapses() throws SQLException {
    String db = migratedDatabase("tables_no_merge_on_insert");
    List<EnrichedClick> rows = nonTestClicks("m");
    List<EnrichedClick> twice = new ArrayList<>(rows);
    twice.addAll(rows);

    write(db, true, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER, twice);

    assertEquals(
        "6\t3\n",
        storedAndFinal(db),
        "one block with every row twice: stored as sent (optimize_on_insert = 0), one each in FINAL");
    assertEquals(
        "3\n",
        clickhouse.query("SELECT uniqExactMerge(clicks) FROM " + db + ".clicks_hourly"),
        "the rollups count each event once");
  }

  @Test
  void theUrlCanTurnRowBinaryOffForTheSinks() throws Exception {
    String url = clickhouse.jdbcUrl(textDb) + "?" + ClickHouseJdbc.ROW_BINARY_INSERTS + "=false";
    try (Connection c =
            new SimpleJdbcConnectionProvider(ClickHouseSinks.connectionOptions(url, "default", ""))
                .getOrEstablishConnection();
        PreparedStatement ps = c.prepareStatement(ClicksTable.INSERT)) {
      assertFalse(ps.isWrapperFor(WriterStatementImpl.class));
    }
  }

  @Test
  void minuteAggregates() throws SQLException {
    List<MinuteAggregate> rows = new ArrayList<>();
    List<Long> minutes = times.stream().map(t -> t - Math.floorMod(t, 60_000L)).toList();
    for (int n = 0; n < minutes.size(); n++) {
      MinuteKey key = new MinuteKey();
      key.linkId = "l" + n;
      key.campaignId = n == 0 ? "" : "cmp";
      key.utmSource = "newsletter";
      key.utmMedium = "email";
      key.utmCampaign = "spring";
      key.channel = "email";
      key.country = "DE";
      key.deviceClass = "Phone";
      key.isBot = n == 1;
      MinuteAggregate a = new MinuteAggregate();
      a.windowStart = minutes.get(n);
      a.key = key;
      a.clicks = 10 + n;
      a.uniqueVisitors = 3;
      a.botClicks = n;
      a.botClicksByReason = n == 0 ? new TreeMap<>() : new TreeMap<>(Map.of("crawler", (long) n));
      a.redirectErrors = 1;
      rows.add(a);
    }
    writeBoth(MinuteAggregatesTable.INSERT, MinuteAggregatesTable.STATEMENT_BUILDER, rows);

    assertTimes("clicks_minute", "link_id", "toUnixTimestamp(window_start) * 1000", minutes);
    assertSameRows("clicks_minute", "link_id");
  }

  @Test
  void lateClicks() throws SQLException {
    List<MinuteClick> rows = perTime(n -> MinuteClick.of(click("late" + n, times.get(n), n == 2)));
    writeBoth(LateClicksTable.INSERT, LateClicksTable.STATEMENT_BUILDER, rows);

    assertTimes("late_clicks", "event_id", "toUnixTimestamp64Milli(event_time)", times);
    assertSameRows("late_clicks", "event_id");
  }

  @Test
  void alerts() throws SQLException {
    List<Alert> rows =
        perTime(
            n -> {
              Alert a = new Alert();
              a.alertId = "a" + n;
              a.status = n == 0 ? "firing" : "resolved";
              a.rule = "link_spike";
              a.severity = "warning";
              a.subjectType = "link";
              a.subjectId = "l" + n;
              a.linkId = n == 2 ? null : "l" + n;
              a.campaignId = null;
              a.owner = "growth";
              a.windowStart = times.get(n);
              a.windowEnd = times.get(n) + 300_000;
              a.observed = 120.5;
              a.expected = 20.25;
              a.reason = "6x the baseline";
              a.evidence = new TreeMap<>(Map.of("baseline", "20.25", "minutes", "3"));
              a.dashboardUrl = "http://grafana/d/link?var-link=l" + n;
              a.fingerprint = "f" + n;
              a.context.destinationUrl = "https://shop.example/\"größe\"?a=1&b=" + n;
              a.context.failingClicks = n;
              return a;
            });
    writeBoth(AlertsTable.INSERT, AlertsTable.STATEMENT_BUILDER, rows);

    assertTimes("alerts", "alert_id", "toUnixTimestamp64Milli(window_start)", times);
    assertTimes("alerts", "alert_id", "toUnixTimestamp64Milli(window_end)", plus(300_000));
    assertSameRows("alerts", "alert_id");
    // The context column (V010) holds the event's context JSON.
    assertEquals(
        "https://shop.example/\"größe\"?a=1&b=1\t1",
        clickhouse
            .query(
                "SELECT JSONExtractString(context, 'destination_url'),"
                    + " JSONExtractUInt(context, 'failing_clicks') FROM "
                    + rowBinaryDb
                    + ".alerts WHERE alert_id = 'a1' FORMAT TSVRaw")
            .strip());
  }

  @Test
  void botClients() throws SQLException {
    List<BotClient> rows =
        perTime(
            n -> {
              BotClient c = new BotClient();
              c.visitorId = -42L + n;
              c.rule = "bot_burst";
              c.firstSeen = times.get(n);
              c.lastSeen = times.get(n) + 59_999;
              c.clicks = 4_000_000_000L;
              c.distinctLinks = 7;
              c.sampleLinks = "l1,l2";
              c.userAgent = "curl/8.5.0";
              return c;
            });
    writeBoth(AlertsTable.INSERT_BOT_CLIENT, AlertsTable.BOT_CLIENT_STATEMENT_BUILDER, rows);

    assertTimes("bot_clients", "visitor_id", "toUnixTimestamp64Milli(first_seen)", times);
    assertTimes("bot_clients", "visitor_id", "toUnixTimestamp64Milli(last_seen)", plus(59_999));
    assertSameRows("bot_clients", "visitor_id");
  }

  @Test
  void deliveries() throws SQLException {
    List<DeliveryAttempt> rows =
        perTime(
            n -> {
              DeliveryAttempt a = new DeliveryAttempt();
              a.webhookId = "msg_" + n;
              a.alertId = "a" + n;
              a.destination = "slack-growth";
              a.attempt = n + 1;
              a.attemptedAt = times.get(n);
              a.httpStatus = n == 0 ? 0 : 503;
              a.outcome = "retry";
              a.latencyMillis = 1234;
              a.error = n == 0 ? null : "HTTP 503";
              return a;
            });
    writeBoth(DeliveriesTable.INSERT, DeliveriesTable.STATEMENT_BUILDER, rows);

    assertTimes("alert_deliveries", "webhook_id", "toUnixTimestamp64Milli(attempted_at)", times);
    assertSameRows("alert_deliveries", "webhook_id");
  }

  @Test
  void deadLetters() throws SQLException {
    List<DeadLetter> rows =
        perTime(
            n -> {
              DeadLetter d = new DeadLetter();
              d.reason = "malformed_json";
              d.detail = n == 0 ? null : "unexpected end\tof input";
              d.topic = "clicks.raw";
              d.partition = n;
              d.offset = 1000L + n;
              d.recordTimestamp = times.get(n);
              d.eventId = n == 1 ? null : "e" + n;
              return d;
            });
    writeBoth(
        PipelineHealthTables.INSERT_DEAD_LETTER,
        PipelineHealthTables.DEAD_LETTER_STATEMENT_BUILDER,
        rows);

    assertTimes("dead_letters", "offset", "toUnixTimestamp64Milli(rejected_at)", times);
    assertSameRows("dead_letters", "offset");
  }

  @Test
  void duplicates() throws SQLException {
    List<DuplicateClick> rows =
        perTime(
            n -> {
              DuplicateClick d = new DuplicateClick();
              d.eventTime = times.get(n);
              d.eventId = "e" + n;
              d.partition = 1;
              d.offset = 500L + n;
              return d;
            });
    writeBoth(
        PipelineHealthTables.INSERT_DUPLICATE,
        PipelineHealthTables.DUPLICATE_STATEMENT_BUILDER,
        rows);

    assertTimes("duplicate_clicks", "offset", "toUnixTimestamp64Milli(event_time)", times);
    assertSameRows("duplicate_clicks", "offset");
  }

  /** One row per time in {@link #times}, made from its index. */
  private static <T> List<T> perTime(IntFunction<T> row) {
    return IntStream.range(0, times.size()).mapToObj(row).toList();
  }

  private static List<Long> plus(long millis) {
    return times.stream().map(t -> t + millis).toList();
  }

  /** A click with every kind of column filled; {@code full} sets the optional ones. */
  private static EnrichedClick click(String id, long time, boolean full) {
    ClickEvent e = new ClickEvent();
    e.eventId = id;
    e.eventTime = time;
    e.linkId = "l-" + id;
    e.shortUrl = "https://sho.rt/" + id;
    e.destinationUrl = "https://example.com/über?q='x'&t=\t1";
    e.linkDomain = "example.com";
    e.utmSource = full ? "News Letter" : null;
    e.utmMedium = full ? "e-mail" : null;
    e.utmCampaign = full ? "spring" : null;
    e.utmTerm = null;
    e.utmContent = full ? "hero\\banner" : null;
    e.campaignId = full ? "cmp-a" : null;
    e.campaignOwner = full ? "growth" : null;
    e.referrer = full ? "https://t.co/x" : null;
    e.userAgent = full ? "Mozilla/5.0 (X11; Linux x86_64)" : null;
    e.httpMethod = "GET";
    e.redirectStatus = full ? 301 : null;
    e.country = full ? "DE" : null;
    e.isTest = !full;
    e.custom = full ? new TreeMap<>(Map.of("a", "1", "b", "it's")) : new TreeMap<>();
    e.sourcePartition = 2;
    e.sourceOffset = 9_000_000_000L;
    EnrichedClick c = new EnrichedClick();
    c.click = e;
    c.utmSource = full ? "newsletter" : "";
    c.utmMedium = full ? "email" : "";
    c.utmCampaign = full ? "spring" : "";
    c.utmTerm = "";
    c.utmContent = full ? "hero\\banner" : "";
    c.channel = full ? "email" : "direct";
    c.utmUnknown = full ? new ArrayList<>(List.of("utm_source", "channel")) : new ArrayList<>();
    c.taxonomyVersion = "2025-01";
    c.browser = "Chrome";
    c.browserVersion = "126";
    c.os = "Linux";
    c.deviceClass = "Desktop";
    c.isBot = full;
    c.botReason = full ? "crawler" : "";
    c.referrerDomain = full ? "t.co" : "";
    if (full) { // stamped by the link catalog (V012); the others keep the empty defaults
      c.campaignName = "Spring sale '26";
      c.linkOwner = "maria@acme.com";
      c.linkTags = new ArrayList<>(List.of("spring", "nl"));
      c.linkPriority = "high";
      c.contactId = "hs-1";
    }
    c.visitorId = Long.MIN_VALUE + 7;
    c.ipHash = -1L;
    c.ipNetwork = "203.0.113.0/24";
    return c;
  }

  /**
   * Writes {@code rows} in one batch per database: text into one, as the sinks do into the other.
   */
  /** A fresh database with every migration applied. */
  private static String migratedDatabase(String prefix) {
    String db = Engines.unique(prefix);
    new ClickHouseMigrations(clickhouse.jdbcUrl(db), "default", "").apply();
    return db;
  }

  /** One click per test time, ids {@code prefix + n}, none test traffic (the rollups skip it). */
  private static List<EnrichedClick> nonTestClicks(String prefix) {
    List<EnrichedClick> rows = perTime(n -> click(prefix + n, times.get(n), n == 1));
    rows.forEach(c -> c.click.isTest = false);
    return rows;
  }

  /** Rows stored in {@code db.clicks}, then the rows FINAL gives, tab-separated. */
  private static String storedAndFinal(String db) {
    return clickhouse.query(
        "SELECT count(), (SELECT count() FROM " + db + ".clicks FINAL) FROM " + db + ".clicks");
  }

  private static <T> void writeBoth(String insert, JdbcStatementBuilder<T> binder, List<T> rows)
      throws SQLException {
    write(textDb, false, insert, binder, rows);
    write(rowBinaryDb, true, insert, binder, rows);
  }

  /**
   * One batch, bound and sent as flink-connector-jdbc's writer does; with {@code asSinks} on a
   * connection made as the pipeline's sinks make theirs, else with the driver's defaults (text).
   */
  private static <T> void write(
      String db, boolean asSinks, String insert, JdbcStatementBuilder<T> binder, List<T> rows)
      throws SQLException {
    String url = clickhouse.jdbcUrl(db);
    SimpleJdbcConnectionProvider sinkConnections =
        new SimpleJdbcConnectionProvider(ClickHouseSinks.connectionOptions(url, "default", ""));
    try (Connection c =
            asSinks
                ? sinkConnections.getOrEstablishConnection()
                : ClickHouseJdbc.connect(url, "default", "");
        PreparedStatement ps = c.prepareStatement(insert)) {
      assertEquals(
          asSinks,
          ps.isWrapperFor(WriterStatementImpl.class),
          "the driver sends RowBinary for this INSERT: " + insert);
      for (T row : rows) {
        binder.accept(ps, row);
        ps.addBatch();
      }
      ps.executeBatch();
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code timeMillis}, ordered by {@code key}, equals {@code expected} in both databases. */
  private static void assertTimes(
      String table, String key, String timeMillis, List<Long> expected) {
    String want = expected.stream().map(t -> t + "\n").reduce("", String::concat);
    for (String db : List.of(textDb, rowBinaryDb)) {
      assertEquals(
          want,
          clickhouse.query(
              "SELECT " + timeMillis + " FROM " + db + "." + table + " ORDER BY " + key),
          table + " in " + (db.equals(textDb) ? "text" : "RowBinary") + " mode");
    }
  }

  /** Every column of every row is the same in both databases. */
  private static void assertSameRows(String table, String key) {
    Function<String, String> rows =
        db -> clickhouse.query("SELECT * FROM " + db + "." + table + " ORDER BY " + key);
    String text = rows.apply(textDb);
    assertTrue(!text.isBlank(), table + " has rows");
    assertEquals(text, rows.apply(rowBinaryDb), table + ": RowBinary stored other rows than text");
  }

  private static Instant nextFallBack() {
    Instant from = Instant.now();
    for (int i = 0; i < 4; i++) {
      ZoneOffsetTransition t = NEW_YORK.toZoneId().getRules().nextTransition(from);
      if (t.isOverlap()) {
        return t.getInstant();
      }
      from = t.getInstant();
    }
    throw new IllegalStateException("New York has no autumn transition ahead");
  }
}
