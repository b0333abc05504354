package io.clickpulse.microbench.dashboards;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.microbench.Progress;
import io.clickpulse.stack.ClickHouseServer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Loads N raw clicks over the last {@link #DAYS} days into {@code clicks} in one INSERT ... SELECT
 * from {@code numbers()} (the rollup views fill the hourly and daily tables as they do for the
 * pipeline), then derives what the job would have written next to them: minute aggregates, late
 * clicks, duplicates, dead letters, alerts, deliveries and bot clients.
 *
 * <p>Distributions: 500 links in 25 campaigns, each link with one (normalized) source and medium,
 * link popularity skewed (the top link takes about an eighth of the clicks), 3 million human
 * visitors plus 5,000 bots, 15 % bot clicks, 1.2 % redirect errors, 0.5 % test clicks, 20 countries
 * skewed (US about 30 %).
 */
final class DashboardData {
  static final int DAYS = 7;

  /**
   * Clicks number {@code first} to {@code first + count - 1} of {@code n}. Only the columns that
   * the panels, the rollup views or the side tables read get values; the rest keep their defaults
   * (a column store never reads them for these queries, and generating them would only slow the
   * load).
   */
  private static final String CLICKS =
      """
      INSERT INTO clicks (event_id, event_time, link_id, utm_source, utm_medium, utm_campaign,
        campaign_id, channel, referrer_domain, user_agent, device_class, is_bot, bot_reason,
        visitor_id, redirect_status, country, is_test, source_partition, source_offset)
      SELECT
        toString(generateUUIDv4(number)) AS event_id,
        fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number * {range:Int64}, {n:UInt64})
          + cityHash64(number, 0) % 1000), 'UTC') AS event_time,
        'lnk-' || toString(link) AS link_id,
        ['newsletter', 'mailchimp', 'youtube', 'facebook', 'instagram', 'google', 'bing', 'qr',
          'poster', 'partner-blog', 'deals4you', 'linkedin'][1 + link % 12] AS utm_source,
        ['email', 'email', 'social', 'paid_social', 'paid_social', 'cpc', 'cpc', 'qr', 'print',
          'affiliate', 'affiliate', 'social'][1 + link % 12] AS utm_medium,
        'campaign-' || toString(campaign) AS utm_campaign,
        'cmp-' || toString(campaign) AS campaign_id,
        ['email', 'social', 'paid', 'qr', 'affiliate', 'web'][1 + campaign % 6] AS channel,
        ['', '', 'google.com', 'facebook.com', 't.co', 'linkedin.com', 'news.ycombinator.com',
          'mail.google.com'][1 + cityHash64(number, 4) % 8] AS referrer_domain,
        if(bot, 'Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', '') AS user_agent,
        if(bot, 'bot', ['desktop', 'desktop', 'desktop', 'desktop', 'phone', 'phone', 'phone',
          'phone', 'phone', 'tablet'][1 + cityHash64(number, 6) % 10]) AS device_class,
        bot AS is_bot,
        if(bot, ['link_preview', 'crawler', 'automation', 'headless'][1 + cityHash64(number, 8) % 4],
          '') AS bot_reason,
        if(bot, toInt64(1000000000000 + cityHash64(number, 8) % 5000),
          toInt64(cityHash64(number, 7) % 3000000)) AS visitor_id,
        CAST(multiIf(status_roll < 10, 502, status_roll < 12, 0, 302) AS Nullable(UInt16))
          AS redirect_status,
        ['US', 'DE', 'GB', 'FR', 'IN', 'BR', 'JP', 'NL', 'CA', 'ES', 'IT', 'MX', 'AU', 'PL', 'SE',
          'KR', 'TR', 'ID', 'AR', 'ZA']
          [1 + toUInt32(floor(pow((cityHash64(number, 10) % 1000000) / 1e6, 2.5) * 20))] AS country,
        cityHash64(number, 11) % 200 = 0 AS is_test,
        toInt32(number % 4) AS source_partition,
        toInt64(number) AS source_offset
      FROM
      (
        SELECT
          number,
          toUInt32(floor(pow((cityHash64(number, 1) % 1000000) / 1e6, 3) * 500)) AS link,
          link % 25 AS campaign,
          cityHash64(number, 2) % 100 < 15 AS bot,
          cityHash64(number, 9) % 1000 AS status_roll
        FROM numbers({first:UInt64}, {count:UInt64})
      )
      """;

  /** Clicks per INSERT: big enough for few parts, small enough for the HTTP timeout. */
  static final long CHUNK = 1_000_000;

  private static final String MINUTES_OF_DAY =
      """
      INSERT INTO clicks_minute
      SELECT toStartOfMinute(event_time) AS window_start, link_id, campaign_id, utm_source,
        utm_medium, utm_campaign, channel, country, device_class, is_bot,
        count() AS clicks, uniqExact(visitor_id) AS unique_visitors, countIf(is_bot) AS bot_clicks,
        sumMapIf(map(bot_reason, toUInt64(1)), is_bot) AS bot_clicks_by_reason,
        countIf(coalesce(redirect_status = 0 OR redirect_status >= 400, false)) AS redirect_errors
      FROM clicks
      WHERE NOT is_test AND event_time >= {from:DateTime} AND event_time < {to:DateTime}
      GROUP BY window_start, link_id, campaign_id, utm_source, utm_medium, utm_campaign, channel,
        country, device_class, is_bot
      """;

  private static final String[] SIDE_TABLES = {
    """
    INSERT INTO late_clicks
    SELECT event_id, event_time, link_id, campaign_id, is_bot FROM clicks
    WHERE cityHash64(event_id) % 1000 = 0
    """,
    """
    INSERT INTO duplicate_clicks
    SELECT event_time + INTERVAL 2 SECOND, event_id, source_partition, source_offset + 1
    FROM clicks WHERE cityHash64(event_id) % 100 = 1
    """,
    """
    INSERT INTO dead_letters
    SELECT fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number * {range:Int64}, intDiv({n:UInt64}, 200))), 'UTC'),
      ['malformed_json', 'missing_field', 'wrong_type', 'invalid_url', 'time_out_of_range',
        'invalid_field', 'oversized', 'duplicate_conflict'][1 + cityHash64(number, 1) % 8],
      'planted', 'clicks.raw', toInt32(number % 4), toInt64(number), ''
    FROM numbers(intDiv({n:UInt64}, 200))
    """,
    """
    INSERT INTO alerts (alert_id, status, rule, severity, subject_type, subject_id, link_id,
      campaign_id, owner, window_start, window_end, observed, expected, reason, fingerprint)
    SELECT 'alert-' || toString(intDiv(number, 2)),
      if(number % 2 = 0, 'firing', 'resolved'),
      ['spike', 'drop', 'broken_redirect', 'bot_burst', 'link_scanner', 'missing_utm']
        [1 + cityHash64(intDiv(number, 2)) % 6],
      ['info', 'warning', 'critical'][1 + cityHash64(intDiv(number, 2), 1) % 3],
      'link', 'lnk-' || toString(cityHash64(intDiv(number, 2), 2) % 50),
      'lnk-' || toString(cityHash64(intDiv(number, 2), 2) % 50),
      'cmp-' || toString(cityHash64(intDiv(number, 2), 2) % 50 % 25), 'owner@shop.example',
      fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(intDiv(number, 2) * {range:Int64},
        intDiv({n:UInt64}, 2000))), 'UTC') AS ws,
      ws + toIntervalMinute(5 * (1 + number % 2)), 120, 40, 'planted', 'fp'
    FROM numbers(intDiv({n:UInt64}, 1000))
    """,
    """
    INSERT INTO alert_deliveries
    SELECT 'alert-' || toString(intDiv(number, 2)) || '.firing', 'alert-' || toString(intDiv(number, 2)),
      ['slack-marketing', 'webhook-ops', 'slack-oncall'][1 + number % 3], toUInt16(1 + number % 2),
      fromUnixTimestamp64Milli(toInt64({start:Int64} + intDiv(number * {range:Int64},
        intDiv({n:UInt64}, 1000))), 'UTC'),
      [200, 200, 200, 503, 429, 0][1 + cityHash64(number) % 6] AS status,
      multiIf(status = 200, 'delivered', status = 0, 'failed', 'retry'),
      toUInt32(20 + cityHash64(number, 1) % 400), ''
    FROM numbers(intDiv({n:UInt64}, 1000))
    """,
    """
    INSERT INTO bot_clients
    SELECT visitor_id, 'bot_burst', min(event_time), max(event_time), toUInt32(count()),
      toUInt32(uniqExact(link_id)), '', any(user_agent)
    FROM clicks WHERE is_bot GROUP BY visitor_id
    """
  };

  private DashboardData() {}

  /**
   * The end of the range of an earlier load of {@code n} clicks into {@code database} on this
   * engine's data dir, if there is one: loading 10 M clicks takes minutes, timing the panels only
   * seconds.
   */
  static Optional<Instant> earlierLoad(ClickHouseServer clickhouse, String database, long n) {
    String found =
        clickhouse
            .query(
                "SELECT count() FROM system.tables WHERE database = {db:String} AND name = 'load'",
                Map.of("db", database))
            .strip();
    if (found.equals("0")) {
      return Optional.empty();
    }
    String end =
        clickhouse
            .query(
                "SELECT toUnixTimestamp(max(end)) FROM load WHERE clicks = {n:UInt64}",
                Map.of("n", Long.toString(n)),
                database)
            .strip();
    return end.equals("0")
        ? Optional.empty()
        : Optional.of(Instant.ofEpochSecond(Long.parseLong(end)));
  }

  /** Loads {@code n} clicks ending at {@code end} into a fresh database; returns its name. */
  static String load(ClickHouseServer clickhouse, String database, long n, Instant end) {
    clickhouse.query("DROP DATABASE IF EXISTS " + database);
    new ClickHouseMigrations(clickhouse.jdbcUrl(database), "default", "").apply();
    Instant start = end.minus(Duration.ofDays(DAYS));
    Map<String, String> parameters =
        Map.of(
            "start", Long.toString(start.toEpochMilli()),
            "range", Long.toString(Duration.ofDays(DAYS).toMillis()),
            "n", Long.toString(n));
    long t0 = System.nanoTime();
    for (long first = 0; first < n; first += CHUNK) {
      Map<String, String> chunk = new HashMap<>(parameters);
      chunk.put("first", Long.toString(first));
      chunk.put("count", Long.toString(Math.min(CHUNK, n - first)));
      clickhouse.query(CLICKS, chunk, database);
      Progress.say(
          "  dashboards: %,d clicks and their rollups after %.0f s",
          Math.min(first + CHUNK, n), seconds(t0));
    }
    t0 = System.nanoTime();
    for (Instant day = start.truncatedTo(ChronoUnit.DAYS);
        day.isBefore(end);
        day = day.plus(1, ChronoUnit.DAYS)) {
      clickhouse.query(
          MINUTES_OF_DAY,
          Map.of(
              "from", Long.toString(day.getEpochSecond()),
              "to", Long.toString(day.plus(1, ChronoUnit.DAYS).getEpochSecond())),
          database);
    }
    for (String sql : SIDE_TABLES) {
      clickhouse.query(sql, parameters, database);
    }
    Progress.say("dashboards: minute aggregates and side tables in %.0f s", seconds(t0));
    clickhouse.query(
        "CREATE TABLE load (clicks UInt64, end DateTime('UTC')) ENGINE = Log", Map.of(), database);
    clickhouse.query(
        "INSERT INTO load VALUES ({n:UInt64}, {end:Int64})",
        Map.of("n", Long.toString(n), "end", Long.toString(end.getEpochSecond())),
        database);
    return database;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
