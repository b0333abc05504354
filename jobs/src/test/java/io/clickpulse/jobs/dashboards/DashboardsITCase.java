package io.clickpulse.jobs.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.jobs.testing.SeededClicks;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every panel of every dashboard in {@code dashboards/}: its SQL, with the Grafana macros and
 * template variables expanded as the ClickHouse data source does, runs on the real ClickHouse over
 * a seeded data set without error, with the columns its panel type needs, and returns rows.
 */
@Tag("engines")
class DashboardsITCase {
  private static final Path DASHBOARDS = Paths.get("..", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant FROM =
      LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Instant TO = FROM.plus(2, ChronoUnit.DAYS);

  private static ClickHouseServer clickhouse;
  private static String db;

  @BeforeAll
  static void seed() {
    clickhouse = Engines.sharedClickHouse();
    db = SeededClicks.create(clickhouse, "dash", FROM).database();
    long m = FROM.plus(5, ChronoUnit.HOURS).getEpochSecond();
    long ms = m * 1000;
    insert(
        "clicks_minute (window_start, link_id, campaign_id, is_bot, clicks, unique_visitors)",
        "(" + m + ", 'l1', 'cmp-a', false, 5, 4), (" + (m + 60) + ", 'l1', 'cmp-a', false, 9, 7)");
    insert("late_clicks (event_id, event_time, link_id)", "('late1', " + ms + ", 'l1')");
    // The link catalog knows l1 (V011/V012: link_events → links → link_names), at its version 2.
    insert(
        "link_events (link_id, version, event_id, event_type, event_time, campaign_name, owner)",
        "('l1', 1, 'v1', 'created', "
            + ms
            + ", 'Spring', 'li@shop.example'), ('l1', 2, 'v2', 'updated', "
            + ms
            + ", 'Spring sale', 'maria@acme.com')");
    insert(
        "alerts (alert_id, status, rule, severity, subject_type, subject_id, link_id, campaign_id, window_start, window_end, reason)",
        "('a1', 'firing', 'spike', 'info', 'link', 'l1', 'l1', 'cmp-a', "
            + ms
            + ", "
            + (ms + 120_000)
            + ", 'spike'),"
            + " ('a1', 'resolved', 'spike', 'info', 'link', 'l1', 'l1', 'cmp-a', "
            + ms
            + ", "
            + (ms + 300_000)
            + ", 'spike')");
    insert(
        "alert_deliveries (webhook_id, alert_id, destination, attempt, attempted_at, http_status, outcome, latency_ms)",
        "('a1.firing', 'a1', 'slack', 1, "
            + ms
            + ", 503, 'retry', 40), ('a1.firing', 'a1', 'slack', 2, "
            + (ms + 2000)
            + ", 200, 'delivered', 35)");
    insert(
        "dead_letters (rejected_at, reason, topic, partition, offset)",
        "("
            + ms
            + ", 'malformed_json', 'clicks.raw', 0, 7), ("
            + ms
            + ", 'duplicate_conflict', 'clicks.raw', 1, 9)");
    insert(
        "duplicate_clicks (event_time, event_id, partition, offset)", "(" + ms + ", 'e1', 0, 8)");
    insert(
        "bot_clients (visitor_id, rule, first_seen, last_seen, clicks, distinct_links)",
        "(1000, 'bot_burst', " + ms + ", " + ms + ", 25, 1)");
    // Conversions (V013) on the seeded days and the day before them (no clicks that day): last
    // clicks with assists, unattributed ones, a test one, two currencies, and one attributed again
    // later (its 'none' row replaced, in another part that is never merged, so that only FINAL
    // collapses it).
    clickhouse.query("SYSTEM STOP MERGES " + db + ".conversions");
    long d0 = FROM.toEpochMilli();
    long h = 3_600_000;
    insert(
        CONVERSION_COLUMNS,
        conversion("c1", 0, "sale", d0 + 2 * h, "19.99", "EUR", false, "last_click", 1, "l1", 0)
            + conversion(
                "c1", 1, "sale", d0 + 2 * h, "19.99", "EUR", false, "assisted", 0.5, "l2", 0)
            + conversion(
                "c1", 2, "sale", d0 + 2 * h, "19.99", "EUR", false, "assisted", 0.5, "l3", 0)
            + conversion("c2", 0, "lead", d0 + 30 * h, "0", "", false, "last_click", 1, "l3", 0)
            + conversion("c3", 0, "signup", d0 + 26 * h, "0", "", false, "none", 1, "", 0)
            + conversion("c4", 0, "sale", d0 + 3 * h, "100", "USD", true, "last_click", 1, "l1", 0)
            + conversion("c5", 0, "sale", d0 - h, "50", "USD", false, "last_click", 1, "l4", 0)
            + conversion("c6", 0, "signup", d0 + 40 * h, "0", "", false, "none", 1, "", 0)
            + conversion(
                "c7", 0, "sale", d0 + 47 * h, "5.5", "USD", false, "last_click", 1, "l1", 0)
            + conversion(
                "c7", 1, "sale", d0 + 47 * h, "5.5", "USD", false, "assisted", 0.25, "l4", 0)
            + conversion(
                "c7", 2, "sale", d0 + 47 * h, "5.5", "USD", false, "assisted", 0.75, "l2", 0)
            + conversion(
                "c8", 0, "sale", d0 + 49 * h, "12", "EUR", false, "last_click", 1, "l2", 0));
    insert(
        CONVERSION_COLUMNS,
        conversion("c3", 0, "signup", d0 + 26 * h, "0", "", false, "last_click", 1, "l2", h));
  }

  private static final String CONVERSION_COLUMNS =
      "conversions (conversion_id, slot, conversion_type, conversion_time, amount, currency,"
          + " is_test, model, weight, link_id, campaign_id, channel, attributed_at)";

  /**
   * One conversion row credited to a seeded link (or to none with link ""), attributed {@code
   * attributedLaterMillis} after it happened.
   */
  private static String conversion(
      String id,
      int slot,
      String type,
      long timeMillis,
      String amount,
      String currency,
      boolean test,
      String model,
      double weight,
      String link,
      long attributedLaterMillis) {
    SeededClicks.Link l =
        SeededClicks.LINKS.stream()
            .filter(x -> x.id().equals(link))
            .findFirst()
            .orElse(new SeededClicks.Link("", "", "", "", "", ""));
    return String.format(
        Locale.ROOT,
        "('%s', %d, '%s', %d, %s, '%s', %s, '%s', %s, '%s', '%s', '%s', %d) ",
        id,
        slot,
        type,
        timeMillis,
        amount,
        currency,
        test,
        model,
        weight,
        link,
        l.campaign(),
        l.channel(),
        timeMillis + attributedLaterMillis);
  }

  private static void insert(String table, String values) {
    clickhouse.query("INSERT INTO " + db + "." + table + " VALUES " + values);
  }

  static Stream<Arguments> panels() throws IOException {
    List<Arguments> panels = new ArrayList<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        for (JsonNode panel : dashboard.get("panels")) {
          panels.add(
              Arguments.of(
                  file.getFileName() + ": " + panel.get("title").asText(),
                  panel.get("type").asText(),
                  panel.get("targets").get(0).get("rawSql").asText(),
                  variables(dashboard)));
        }
      }
    }
    assertTrue(panels.size() >= 20, "four dashboards with their panels");
    return panels.stream();
  }

  /** A value per template variable: the first one its own query returns. */
  private static Map<String, String> variables(JsonNode dashboard) {
    Map<String, String> values = new java.util.HashMap<>();
    for (JsonNode v : dashboard.path("templating").path("list")) {
      String first =
          clickhouse.query(v.get("query").asText(), Map.of(), db).lines().findFirst().orElse("");
      values.put(v.get("name").asText(), v.path("includeAll").asBoolean() ? "__all" : first);
    }
    return values;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("panels")
  void panelQueryRunsAndReturnsWhatItsPanelNeeds(
      String name, String type, String sql, Map<String, String> variables) throws IOException {
    JsonNode result =
        JSON.readTree(
            clickhouse.query(expand(sql, variables) + " FORMAT JSONCompact", Map.of(), db));

    assertTrue(result.get("rows").asLong() > 0, name + " returned no rows");
    JsonNode columns = result.get("meta");
    if (type.equals("timeseries")) {
      assertEquals("time", columns.get(0).get("name").asText(), name + ": time first");
      assertTrue(columns.get(0).get("type").asText().startsWith("DateTime"), name);
      assertTrue(columns.size() >= 2, name + " has a value column");
    } else {
      assertTrue(columns.size() >= 1, name);
    }
  }

  /**
   * What a panel that reads a rollup means, said over the raw clicks (replays collapsed, test
   * traffic excluded, whole hours from the start of the range's first hour to the range's end, as
   * the rollups see them). A panel may read whichever rollups it likes as long as it returns these
   * numbers.
   */
  private static final String HOUR = "toStartOfHour(toDateTime(event_time, 'UTC')) AS time";

  private static final String RAW_RANGE =
      " FROM clicks FINAL WHERE NOT is_test AND event_time >= toStartOfHour($__fromTime)"
          + " AND toStartOfHour(event_time) <= $__toTime"
          + " AND (${campaign:singlequote} = '__all' OR campaign_id = ${campaign:singlequote})"
          + " AND (${source:singlequote} = '__all' OR utm_source = ${source:singlequote})"
          + " AND (${channel:singlequote} = '__all' OR channel = ${channel:singlequote})";

  /** The same hours for one link, as the link drill-down reads them. */
  private static final String LINK_RAW_RANGE =
      " FROM clicks FINAL WHERE NOT is_test AND link_id = ${link:singlequote}"
          + " AND event_time >= toStartOfHour($__fromTime) AND toStartOfHour(event_time) <="
          + " $__toTime";

  private static final Map<String, String> RAW_MEANING =
      Map.of(
          "By source / medium / campaign",
          "SELECT utm_source, utm_medium, utm_campaign, count(), countIf(NOT is_bot),"
              + " uniqExact(visitor_id)"
              + RAW_RANGE
              + " GROUP BY utm_source, utm_medium, utm_campaign",
          "By channel (QR vs web)",
          "SELECT channel, countIf(NOT is_bot)" + RAW_RANGE + " GROUP BY channel",
          "Top links",
          "SELECT link_id, if(link_id = 'l1', 'Spring sale', ''),"
              + " if(link_id = 'l1', 'maria@acme.com', ''), any(campaign_id), countIf(NOT is_bot),"
              + " uniqExactIf(visitor_id, NOT is_bot)"
              + RAW_RANGE
              + " GROUP BY link_id",
          "Countries",
          "SELECT country, countIf(NOT is_bot)" + RAW_RANGE + " GROUP BY country",
          "Devices",
          "SELECT device_class, count()" + RAW_RANGE + " GROUP BY device_class",
          "Clicks and unique visitors",
          "SELECT " + HOUR + ", count(), uniqExact(visitor_id)" + RAW_RANGE + " GROUP BY time",
          "Human vs bot clicks",
          "SELECT "
              + HOUR
              + ", countIf(NOT is_bot), countIf(is_bot)"
              + RAW_RANGE
              + " GROUP BY time",
          "Bot share of clicks",
          "SELECT " + HOUR + ", round(countIf(is_bot) / count(), 3)" + RAW_RANGE + " GROUP BY time",
          "Clicks per hour",
          "SELECT " + HOUR + ", count(), uniqExact(visitor_id)" + LINK_RAW_RANGE + " GROUP BY time",
          "Redirect errors",
          "SELECT "
              + HOUR
              + ", countIf(coalesce(redirect_status = 0 OR redirect_status >= 400, false))"
              + LINK_RAW_RANGE
              + " GROUP BY time");

  /**
   * Panels rewritten for speed without a choice of tables, and the plain query they must equal: the
   * bot clients are looked up among the link's clicks by the few known bots, instead of collecting
   * every visitor of the link.
   */
  private static final Map<String, String> PLAIN_MEANING =
      Map.of(
          "Bot clients that clicked it",
          "SELECT b.visitor_id, b.rule, b.clicks, b.distinct_links, b.user_agent FROM bot_clients"
              + " AS b FINAL WHERE b.visitor_id IN (SELECT visitor_id FROM clicks WHERE link_id ="
              + " ${link:singlequote} AND event_time >= $__fromTime AND event_time <= $__toTime)");

  /**
   * The conversions dashboard's panels and what they mean: the same panel over the plain view
   * {@code conversions_daily} (V013), whose WHERE on the day is not pushed into its subqueries. The
   * panels filter their range and group by their own key inside, on the raw clicks or clicks_daily
   * by {@link #RECENT}, and must return exactly these rows.
   */
  private static final String VIEW_RANGE =
      " FROM conversions_daily WHERE day >= toDate($__fromTime, 'UTC') AND day <="
          + " toDate($__toTime, 'UTC') AND (${campaign:singlequote} = '__all' OR campaign_id ="
          + " ${campaign:singlequote}) AND (${channel:singlequote} = '__all' OR channel ="
          + " ${channel:singlequote}) ";

  private static final String VIEW_TOTALS =
      "sum(human_clicks) AS human_clicks, sum(conversions) AS conversions, sum(leads) AS leads,"
          + " sum(signups) AS signups, sum(sales) AS sales, round(sum(assisted_conversions), 2) AS"
          + " assisted, round(conversions / nullIf(human_clicks, 0), 4) AS conversion_rate,"
          + " toString(sumMap(revenue)) AS revenue";

  private static final Map<String, String> CONVERSIONS_MEANING =
      Map.of(
          "Conversions and human clicks per day",
          "SELECT toDateTime(day, 'UTC') AS time, sum(conversions) AS conversions,"
              + " sum(human_clicks) AS human_clicks"
              + VIEW_RANGE
              + "GROUP BY time ORDER BY time",
          "By campaign: conversions, rate, revenue",
          "SELECT if(campaign_id = '', '(no campaign)', campaign_id) AS campaign_id, "
              + VIEW_TOTALS
              + VIEW_RANGE
              + "GROUP BY campaign_id ORDER BY conversions DESC, human_clicks DESC LIMIT 50",
          "By channel",
          "SELECT if(channel = '', '(unattributed)', channel) AS channel, "
              + VIEW_TOTALS
              + VIEW_RANGE
              + "GROUP BY channel ORDER BY conversions DESC, human_clicks DESC LIMIT 50",
          "Top links",
          "SELECT t.link_id AS link_id, n.short_url AS short_url, n.campaign_name AS"
              + " campaign_name, t.human_clicks AS human_clicks, t.conversions AS conversions,"
              + " t.leads AS leads, t.signups AS signups, t.sales AS sales, t.assisted AS assisted,"
              + " t.conversion_rate AS conversion_rate, t.revenue AS revenue FROM (SELECT"
              + " if(link_id = '', '(unattributed)', link_id) AS link_id, "
              + VIEW_TOTALS
              + VIEW_RANGE
              + "GROUP BY link_id ORDER BY conversions DESC, human_clicks DESC LIMIT 50) AS t"
              + " LEFT JOIN link_names AS n ON n.link_id = t.link_id ORDER BY conversions DESC,"
              + " human_clicks DESC");

  private static final String CONVERSIONS = "conversions.json";

  /**
   * Approximate distinct counts (uniqCombined64) may differ from the exact meaning by this share of
   * it: over three standard errors of its HyperLogLog (2^17 cells, 0.29 %; 0.62 % at most over 10 M
   * clicks, bench/README.md). Small counts, such as the seeded ones, are exact sets. Panels mark
   * such columns by a display name starting with "≈".
   */
  private static final double APPROXIMATE_TOLERANCE = 0.01;

  private static final String APPROXIMATE_MARK = "≈";

  /**
   * Panels read the raw clicks while the range starts inside their retention and the rollups before
   * it; moving "now" forward in the SQL sends the seeded ranges to the rollups.
   */
  private static final String RECENT = "now() - INTERVAL 89 DAY";

  private static final String ROLLUPS_ONLY = "now() + INTERVAL 1 DAY";

  /**
   * Ranges over the two seeded days: part of a day then a whole one, both whole days and hours
   * beyond, and 24 hours across midnight with no whole day.
   */
  static Stream<Arguments> rollupPanelsAndRanges() throws IOException {
    List<Arguments> cases = new ArrayList<>();
    List<Instant[]> ranges =
        List.of(
            new Instant[] {FROM.plusSeconds(5 * 3600 + 1200), FROM.plusSeconds(47 * 3600 + 600)},
            new Instant[] {FROM.minusSeconds(2 * 3600), FROM.plusSeconds(50 * 3600)},
            new Instant[] {FROM.plusSeconds(3 * 3600 + 59), FROM.plusSeconds(27 * 3600 + 59)});
    java.util.Set<String> seen = new java.util.HashSet<>();
    Map<String, List<Map<String, String>>> variablesByFile =
        Map.of(
            "campaign-overview.json",
            List.of(campaign("__all"), campaign("cmp-a")),
            // Bot share reads no variables; its raw meaning takes them at All.
            "pipeline-health.json",
            List.of(campaign("__all")),
            // l3 is the link with redirect errors.
            "link-drilldown.json",
            List.of(Map.of("link", "l1"), Map.of("link", "l3")),
            CONVERSIONS,
            List.of(
                campaign("__all"),
                campaign("cmp-a"),
                Map.of("campaign", "__all", "source", "__all", "channel", "email")));
    for (var file : variablesByFile.entrySet()) {
      for (JsonNode panel :
          JSON.readTree(DASHBOARDS.resolve(file.getKey()).toFile()).get("panels")) {
        String title = panel.get("title").asText();
        boolean conversions = file.getKey().equals(CONVERSIONS);
        Map<String, String> branchedMeaning = conversions ? CONVERSIONS_MEANING : RAW_MEANING;
        boolean branched = branchedMeaning.containsKey(title);
        if (!branched && (conversions || !PLAIN_MEANING.containsKey(title))) {
          continue;
        }
        seen.add(conversions ? CONVERSIONS + ": " + title : title);
        String sql = panel.get("targets").get(0).get("rawSql").asText();
        assertTrue(!branched || sql.contains(RECENT), title + " chooses its table by " + RECENT);
        List<String> approximate = approximateColumns(panel);
        assertEquals(
            sql.contains("uniqCombined"),
            !approximate.isEmpty(),
            title + " labels its approximate counts " + APPROXIMATE_MARK);
        String meaning = branched ? branchedMeaning.get(title) : PLAIN_MEANING.get(title);
        for (Instant[] range : ranges) {
          for (Map<String, String> variables : file.getValue()) {
            for (String source :
                branched ? List.of("raw clicks", "rollups") : List.of("rewritten query")) {
              cases.add(
                  Arguments.of(
                      (conversions ? "conversions: " : "")
                          + title
                          + " from the "
                          + source
                          + ", "
                          + range[0]
                          + " to "
                          + range[1]
                          + ", "
                          + variables,
                      source.equals("rollups") ? sql.replace(RECENT, ROLLUPS_ONLY) : sql,
                      meaning,
                      range[0],
                      range[1],
                      variables,
                      approximate));
            }
          }
        }
      }
    }
    java.util.Set<String> meant = new java.util.HashSet<>(RAW_MEANING.keySet());
    meant.addAll(PLAIN_MEANING.keySet());
    CONVERSIONS_MEANING.keySet().forEach(title -> meant.add(CONVERSIONS + ": " + title));
    assertEquals(meant, seen, "every panel in RAW_MEANING and PLAIN_MEANING exists");
    return cases.stream();
  }

  /** The columns a panel's display names mark as approximate. */
  private static List<String> approximateColumns(JsonNode panel) {
    List<String> columns = new ArrayList<>();
    for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
      for (JsonNode property : override.path("properties")) {
        if (property.path("id").asText().equals("displayName")
            && property.path("value").asText().startsWith(APPROXIMATE_MARK)) {
          columns.add(override.path("matcher").path("options").asText());
        }
      }
    }
    return columns;
  }

  private static Map<String, String> campaign(String campaign) {
    return Map.of("campaign", campaign, "source", "__all", "channel", "__all");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rollupPanelsAndRanges")
  void rollupPanelReturnsWhatTheRawClicksSay(
      String name,
      String panelSql,
      String rawSql,
      Instant from,
      Instant to,
      Map<String, String> variables,
      List<String> approximate) {
    List<String> panelWithNames =
        clickhouse
            .query(expand(panelSql, variables, from, to) + " FORMAT TSVWithNames", Map.of(), db)
            .lines()
            .toList();
    List<String> names = List.of(panelWithNames.get(0).split("\t"));
    List<String> panel = panelWithNames.stream().skip(1).sorted().toList();
    List<String> raw = sortedRows(expand(rawSql, variables, from, to));

    assertTrue(!raw.isEmpty(), name + ": the range holds seeded rows");
    assertTrue(names.containsAll(approximate), name + ": columns " + approximate);
    if (approximate.isEmpty()) {
      assertEquals(raw, panel, name);
      return;
    }
    // Rows sort by their leading key columns, which are exact, so the i-th rows match.
    assertEquals(raw.size(), panel.size(), name + ": rows");
    for (int i = 0; i < raw.size(); i++) {
      String[] expected = raw.get(i).split("\t", -1);
      String[] actual = panel.get(i).split("\t", -1);
      assertEquals(expected.length, actual.length, name + ": columns of " + panel.get(i));
      for (int c = 0; c < expected.length; c++) {
        if (approximate.contains(names.get(c))) {
          double exact = Double.parseDouble(expected[c]);
          double error = Math.abs(Double.parseDouble(actual[c]) - exact);
          assertTrue(
              error <= APPROXIMATE_TOLERANCE * exact,
              name + ": " + names.get(c) + " " + actual[c] + " vs exactly " + expected[c]);
        } else {
          assertEquals(expected[c], actual[c], name + ": " + names.get(c) + " of " + raw.get(i));
        }
      }
    }
  }

  private static List<String> sortedRows(String sql) {
    return clickhouse.query(sql, Map.of(), db).lines().sorted().toList();
  }

  /** The Grafana macros and variables, as grafana-clickhouse-datasource expands them. */
  static String expand(String sql, Map<String, String> variables) {
    return expand(sql, variables, FROM, TO);
  }

  static String expand(
      String sql, Map<String, String> variables, Instant fromTime, Instant toTime) {
    String from = "toDateTime(" + fromTime.getEpochSecond() + ")";
    String to = "toDateTime(" + toTime.getEpochSecond() + ")";
    String expanded =
        Pattern.compile("\\$__timeFilter\\(([^)]+)\\)")
            .matcher(sql)
            .replaceAll(m -> m.group(1) + " >= " + from + " AND " + m.group(1) + " <= " + to)
            .replace("$__fromTime", from)
            .replace("$__toTime", to)
            .replace("$__interval_s", "60");
    Matcher m = Pattern.compile("\\$\\{(\\w+):singlequote}").matcher(expanded);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = variables.get(m.group(1));
      assertTrue(value != null, "undefined variable " + m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement("'" + value.replace("'", "\\'") + "'"));
    }
    m.appendTail(out);
    assertTrue(!out.toString().contains("$"), "unexpanded macro in " + out);
    return out.toString();
  }
}
