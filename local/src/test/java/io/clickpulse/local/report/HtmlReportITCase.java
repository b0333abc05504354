package io.clickpulse.local.report;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toMap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.local.report.RenderedDom.Element;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The report written from a real ClickHouse engine holding known clicks and alerts, rendered by
 * headless Chromium: what each chart drew must match what the tables hold, and hostile text from
 * the data must show as text.
 */
@Tag("engines")
class HtmlReportITCase {
  // Recent: the tables' TTL drops rows older than 90 days as they are inserted.
  private static final Instant FROM =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
  private static final Instant TO = FROM.plus(Duration.ofMinutes(20)).minusMillis(1);
  private static final String HOSTILE_LINK = "<script>alert(1)</script>";
  private static final String HOSTILE_SOURCE = "<img src=x onerror=\"document.title='pwned'\">";
  private static final String DATABASE = "report_test";
  private static final DateTimeFormatter LITERAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  record Click(String id, Instant time, String link, String source, boolean bot) {
    boolean inRange() {
      return !time.isBefore(FROM) && !time.isAfter(TO);
    }
  }

  record AlertRow(
      String id,
      String status,
      String rule,
      String severity,
      String link,
      Instant start,
      Instant end,
      String reason) {
    boolean inRange() {
      return !start.isAfter(TO) && !end.isBefore(FROM);
    }
  }

  private static final String LINK_03_NAME = "Spring Sale 2026";
  private static final List<Click> CLICKS = clicks();
  private static final List<AlertRow> ALERTS =
      List.of(
          new AlertRow(
              "a-spike",
              "firing",
              "spike",
              "info",
              "link-03",
              minute(12),
              minute(13),
              "link link-03: human clicks per minute jumped to 130 from about 7"),
          new AlertRow(
              "a-spike",
              "resolved",
              "spike",
              "info",
              "link-03",
              minute(12),
              minute(14),
              "back to normal after 2 min"),
          new AlertRow(
              "a-broken",
              "firing",
              "broken_redirect",
              "critical",
              HOSTILE_LINK,
              minute(5),
              minute(6),
              HOSTILE_LINK + " 12 of 30 clicks got a failed redirect"),
          new AlertRow(
              "a-utm",
              "firing",
              "link_missing_utm",
              "warning",
              "link-05",
              minute(3),
              minute(3),
              "link link-05 is a campaign link without utm_campaign"),
          new AlertRow(
              "a-before",
              "firing",
              "drop",
              "warning",
              "link-01",
              minute(-120),
              minute(-115),
              "outside the report's range"));
  private static final List<IncidentOutcome> INCIDENTS =
      List.of(
          new IncidentOutcome(
              "Spike on link-03",
              "120 extra human clicks in one minute",
              "spike",
              "link link-03",
              minute(12),
              minute(13).minusMillis(1),
              "a-spike",
              "spike",
              Duration.ofMillis(42_000),
              Duration.ofMillis(43_500)),
          new IncidentOutcome(
              "Newsletter drop",
              "<b>newsletter</b> clicks stop for 3 minutes",
              "drop",
              "source newsletter",
              minute(15),
              minute(18),
              null,
              null,
              null,
              null));
  private static final List<String> SUMMARY =
      List.of("reconciliation: 512 in = 500 stored + 12 rejected -> OK", "odd line <i>x</i>");

  private static Path work;
  private static ClickHouseServer clickhouse;
  private static HeadlessChromium chromium;
  private static Path page;
  private static RenderedDom dom;

  @BeforeAll
  static void renderReport() {
    work = Path.of("target", "html-report-test-" + UUID.randomUUID().toString().substring(0, 8));
    chromium = HeadlessChromium.inside(work);
    clickhouse = Engines.sharedClickHouse();
    new ClickHouseMigrations(clickhouse.jdbcUrl(DATABASE), "default", "").apply();
    insertClicks(CLICKS);
    insertClicks(CLICKS.subList(0, 40)); // a replay: FINAL must count these once
    insertAlerts(ALERTS);
    insertAlerts(ALERTS.subList(0, 1));
    // The link catalog names link-03 (docs/links.md): its campaign name, through link_names.
    clickhouse.query(
        "INSERT INTO "
            + DATABASE
            + ".link_events (link_id, version, event_id, event_type, event_time, campaign_name)"
            + " VALUES ('link-03', 1, 'le-1', 'created', '2026-03-10 09:00:00.000', '"
            + LINK_03_NAME
            + "')");
    page =
        new HtmlReport(clickhouse::query, DATABASE)
            .write(work.resolve("report.html"), FROM, TO, SUMMARY, INCIDENTS);
    dom = new RenderedDom(chromium.dumpDom(page));
    assertEquals("true", dom.byId("report-body").attr("data-rendered"), "the renderer finished");
  }

  @Test
  void trafficChartHasOneLinePerSourceAndAPointPerMinute() {
    Map<String, Long> bySource = countBy(inRange(), Click::source);
    Element chart = dom.byId("traffic-chart");
    assertEquals(bySource.size(), chart.longAttr("data-series"));
    assertEquals(minutesInRange(), chart.longAttr("data-points"));
    Map<String, Long> drawn =
        dom.within(chart, "path", "series").stream()
            .collect(toMap(e -> e.attr("data-source"), e -> e.longAttr("data-total")));
    assertEquals(bySource, drawn);
    assertEquals(bySource.size(), dom.select("li", "legend-item").size());
  }

  @Test
  void humanVsBotShowsTheSplitOverallAndPerSource() {
    Map<String, Long> humans =
        countBy(inRange().stream().filter(c -> !c.bot()).toList(), Click::source);
    Map<String, Long> bots = countBy(inRange().stream().filter(Click::bot).toList(), Click::source);
    Element overall = dom.byId("human-bot-overall");
    assertEquals(sum(humans), overall.longAttr("data-humans"));
    assertEquals(sum(bots), overall.longAttr("data-bots"));
    Element chart = dom.byId("human-bot-chart");
    List<Element> bars = dom.within(chart, "g", "bar");
    assertEquals(countBy(inRange(), Click::source).size(), chart.longAttr("data-bars"));
    assertEquals(chart.longAttr("data-bars"), bars.size());
    for (Element bar : bars) {
      String source = bar.attr("data-source");
      assertEquals(humans.getOrDefault(source, 0L), bar.longAttr("data-humans"), source);
      assertEquals(bots.getOrDefault(source, 0L), bar.longAttr("data-bots"), source);
    }
  }

  @Test
  void topLinksAreTheTenBusiestInOrderWithTheirBots() {
    Map<String, Long> clicks = countBy(inRange(), Click::link);
    Map<String, Long> bots = countBy(inRange().stream().filter(Click::bot).toList(), Click::link);
    List<String> expected =
        clicks.entrySet().stream()
            .sorted(
                Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                    .thenComparing(Map.Entry.comparingByKey()))
            .limit(10)
            .map(e -> e.getKey() + " " + e.getValue() + " " + bots.getOrDefault(e.getKey(), 0L))
            .toList();
    assertTrue(clicks.size() > 10, "the data has more links than the chart shows");
    Element chart = dom.byId("top-links-chart");
    assertEquals(expected.size(), chart.longAttr("data-bars"));
    List<String> drawn =
        dom.within(chart, "g", "bar").stream()
            .map(b -> b.attr("data-link") + " " + b.attr("data-clicks") + " " + b.attr("data-bots"))
            .toList();
    assertEquals(expected, drawn);
  }

  @Test
  void alertsAreMarkedOnTheTimelineAndListed() {
    Map<String, String> expected =
        ALERTS.stream()
            .filter(AlertRow::inRange)
            .collect(toMap(AlertRow::id, AlertRow::rule, (a, b) -> a, TreeMap::new));
    Element chart = dom.byId("alerts-chart");
    assertEquals(expected.size(), chart.longAttr("data-markers"));
    assertEquals(minutesInRange(), chart.longAttr("data-points"));
    Map<String, String> markers =
        dom.within(chart, "g", "alert-marker").stream()
            .collect(
                toMap(
                    e -> e.attr("data-alert-id"),
                    e -> e.attr("data-rule"),
                    (a, b) -> a + b,
                    TreeMap::new));
    assertEquals(expected, markers);
    assertEquals(expected.keySet(), attrs(dom.select("tr", "alert-row"), "data-alert-id"));
    Element spike =
        dom.select("tr", "alert-row").stream()
            .filter(r -> r.attr("data-alert-id").equals("a-spike"))
            .findFirst()
            .orElseThrow();
    assertTrue(dom.text(spike).contains("firing, resolved"), dom.text(spike));

    // The timeline's per-minute totals: the spike minute's tooltip gives all its clicks.
    Map<Instant, Long> perMinute =
        countBy(inRange(), c -> c.time().truncatedTo(ChronoUnit.MINUTES));
    Map.Entry<Instant, Long> busiest =
        perMinute.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
    String tooltip =
        DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(busiest.getKey())
            + " UTC\n"
            + String.format(Locale.US, "%,d clicks", busiest.getValue());
    assertTrue(
        dom.within(chart, "title", null).stream().anyMatch(t -> dom.text(t).equals(tooltip)),
        "a tooltip reads " + tooltip);
  }

  @Test
  void plantedIncidentsShowWhetherTheyWereDetected() {
    List<Element> rows = dom.select("tr", "incident");
    assertEquals(
        INCIDENTS.stream()
            .collect(toMap(IncidentOutcome::name, i -> i.detected() ? "detected" : "not-detected")),
        rows.stream().collect(toMap(r -> r.attr("data-incident"), r -> r.attr("data-status"))));
    String detected = dom.text(rows.get(0));
    assertTrue(detected.contains("detected by spike a-spike"), detected);
    assertTrue(detected.contains("42.0 s") && detected.contains("43.5 s"), detected);
    String missed = dom.text(rows.get(1));
    assertTrue(missed.contains("NOT DETECTED"), missed);
    assertTrue(missed.contains("<b>newsletter</b> clicks stop"), missed);
    assertTrue(
        dom.text(dom.byId("incidents-summary")).contains("1 of 2 planted incidents detected"));
  }

  @Test
  void hostileTextFromTheDataShowsAsTextAndInjectsNothing() throws IOException {
    assertTrue(dom.select("img", null).isEmpty(), "no element from a UTM value");
    assertTrue(dom.select("b", null).isEmpty(), "no element from a description");
    assertTrue(dom.select("i", null).isEmpty(), "no element from a summary line");
    assertEquals(2, dom.select("script", null).size(), "only the page's own scripts");
    assertEquals("ClickPulse run report", dom.text(dom.select("title", null).get(0)));
    assertTrue(dom.html().contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "shown escaped");
    assertTrue(
        dom.within(dom.byId("top-links-chart"), "text", null).stream()
            .anyMatch(t -> dom.text(t).equals(HOSTILE_LINK)),
        "the hostile link id labels its bar as text");
    Set<String> cells =
        dom.within(dom.byId("alerts-table"), "td", null).stream()
            .map(dom::text)
            .collect(Collectors.toSet());
    assertTrue(cells.contains(HOSTILE_LINK), cells.toString());
    assertEquals(String.join("\n", SUMMARY), dom.text(dom.byId("summary")));

    String written = Files.readString(page, StandardCharsets.UTF_8);
    assertFalse(written.contains(HOSTILE_LINK), "the raw page holds the link id only escaped");
    assertFalse(written.contains("<img"), "the raw page holds the source only escaped");
  }

  @Test
  void pageIsSelfContainedAndShowsItsSql() throws IOException {
    String written = Files.readString(page, StandardCharsets.UTF_8);
    Matcher url = Pattern.compile("https?://[^\"'\\s)]*").matcher(written);
    while (url.find()) {
      assertEquals("http://www.w3.org/2000/svg", url.group(), "only the SVG namespace, no fetches");
    }
    assertTrue(dom.select("link", null).isEmpty());
    assertTrue(
        dom.select("script", null).stream().noneMatch(s -> s.attributes().containsKey("src")));
    List<String> sql = dom.select("details", null).stream().map(dom::text).toList();
    assertEquals(7, sql.size());
    for (int i = 0; i < 3; i++) {
      assertTrue(sql.get(i).contains("FROM " + DATABASE + ".clicks FINAL"), sql.get(i));
    }
    assertTrue(sql.get(3).contains("FROM " + DATABASE + ".alerts FINAL"), sql.get(3));
    assertTrue(sql.get(4).contains("FROM " + DATABASE + ".alerts FINAL"), sql.get(4));
    assertTrue(sql.get(5).contains("FROM " + DATABASE + ".conversions FINAL"), sql.get(5));
    assertTrue(sql.get(6).contains("FROM " + DATABASE + ".crm_signals FINAL"), sql.get(6));
  }

  @Test
  void linksTheCatalogKnowsShowTheirCampaignName() {
    String named = LINK_03_NAME + " (link-03)";
    assertTrue(
        dom.within(dom.byId("top-links-chart"), "text", null).stream()
            .anyMatch(t -> dom.text(t).equals(named)),
        "link-03's bar is labelled " + named);
    Element spike =
        dom.select("tr", "alert-row").stream()
            .filter(r -> r.attr("data-alert-id").equals("a-spike"))
            .findFirst()
            .orElseThrow();
    assertTrue(dom.text(spike).contains(named), dom.text(spike));
    // Links it does not know keep their id (the hostile link's bar and row: see below).
  }

  @Test
  void lifecycleAlertsAreCountedPerRuleWithAnExample() {
    List<Element> rows = dom.select("tr", "lifecycle-row");
    assertEquals(
        Map.of("link_missing_utm", "1"),
        rows.stream().collect(toMap(r -> r.attr("data-rule"), r -> r.attr("data-alerts"))));
    assertTrue(dom.text(rows.get(0)).contains("link-05: link link-05 is a campaign link"));
  }

  @Test
  void screenshotShowsTheRenderedPage() throws IOException {
    Path png = chromium.screenshot(page, work.resolve("report.png"), 1200, 3400);
    System.out.println("Report screenshot: " + png.toAbsolutePath());
    byte[] header = Files.readAllBytes(png);
    assertTrue(header.length > 50_000, "a page with charts, not a blank one: " + header.length);
    assertEquals("PNG", new String(header, 1, 3, StandardCharsets.US_ASCII));
  }

  @Test
  void rangeWithoutDataRendersEmptyNotes() {
    Instant from = FROM.minus(Duration.ofDays(1));
    Instant to = from.plus(Duration.ofMinutes(10)).minusMillis(1);
    Path empty =
        new HtmlReport(clickhouse::query, DATABASE)
            .write(work.resolve("empty.html"), from, to, List.of(), List.of());
    RenderedDom rendered = new RenderedDom(chromium.dumpDom(empty));
    assertEquals("true", rendered.byId("report-body").attr("data-rendered"));
    assertEquals("0", rendered.byId("traffic-chart").attr("data-series"));
    assertEquals("10", rendered.byId("traffic-chart").attr("data-points"));
    assertEquals("0", rendered.byId("human-bot-chart").attr("data-bars"));
    assertEquals("0", rendered.byId("top-links-chart").attr("data-bars"));
    assertEquals("0", rendered.byId("alerts-chart").attr("data-markers"));
    String text = rendered.text(rendered.select("main", null).get(0));
    assertTrue(text.contains("No clicks in this time range."), text);
    assertTrue(text.contains("No alerts were raised in this time range."), text);
    assertTrue(text.contains("No incidents were planted in this run."), text);
    assertTrue(text.contains("No conversions (no conversions topic"), text);
    assertTrue(text.contains("No CRM signals (no crm-signals topic"), text);
  }

  private static List<Click> inRange() {
    return CLICKS.stream().filter(Click::inRange).toList();
  }

  private static long minutesInRange() {
    return ChronoUnit.MINUTES.between(
            FROM.truncatedTo(ChronoUnit.MINUTES), TO.truncatedTo(ChronoUnit.MINUTES))
        + 1;
  }

  private static <K> Map<K, Long> countBy(
      List<Click> clicks, java.util.function.Function<Click, K> key) {
    return clicks.stream().collect(groupingBy(key, TreeMap::new, counting()));
  }

  private static long sum(Map<String, Long> counts) {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  private static Set<String> attrs(List<Element> elements, String name) {
    return elements.stream()
        .map(e -> e.attr(name))
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  private static Instant minute(int n) {
    return FROM.plus(Duration.ofMinutes(n));
  }

  /**
   * Four sources (one hostile) over 20 minutes, 13 links (one hostile), bots mostly from the
   * newsletter, a spike minute, and clicks just inside and just outside the range.
   */
  private static List<Click> clicks() {
    Random random = new Random(7);
    List<String> sources = List.of("google", "facebook", "newsletter", HOSTILE_SOURCE);
    List<String> links = new ArrayList<>();
    IntStream.rangeClosed(1, 12).forEach(i -> links.add(String.format("link-%02d", i)));
    links.add(HOSTILE_LINK);
    List<Click> clicks = new ArrayList<>();
    for (int m = 0; m < 20; m++) {
      for (int s = 0; s < sources.size(); s++) {
        int n = (s == 3 ? 1 : 4) + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          boolean bot = random.nextInt(s == 2 ? 2 : 6) == 0;
          clicks.add(
              click(
                  clicks,
                  minute(m).plusMillis(random.nextInt(60_000)),
                  links.get(random.nextInt(links.size())),
                  sources.get(s),
                  bot));
        }
      }
    }
    for (int i = 0; i < 120; i++) {
      clicks.add(click(clicks, minute(12).plusMillis(i * 400L), "link-03", "google", false));
    }
    for (int i = 0; i < 25; i++) {
      clicks.add(click(clicks, minute(5).plusMillis(i * 1000L), HOSTILE_LINK, "facebook", true));
    }
    clicks.add(click(clicks, TO, "link-01", "google", false));
    clicks.add(click(clicks, TO.plusMillis(1), "link-outside", "outside-range", false));
    clicks.add(click(clicks, FROM.minusMillis(1), "link-outside", "outside-range", true));
    return List.copyOf(clicks);
  }

  private static Click click(
      List<Click> so, Instant time, String link, String source, boolean bot) {
    return new Click("e" + so.size(), time, link, source, bot);
  }

  private static void insertClicks(List<Click> clicks) {
    clickhouse.query(
        "INSERT INTO "
            + DATABASE
            + ".clicks (event_id, event_time, link_id, utm_source,"
            + " utm_source_raw, is_bot, bot_reason) VALUES "
            + clicks.stream()
                .map(
                    c ->
                        String.format(
                            "(%s, %s, %s, %s, %s, %b, %s)",
                            quote(c.id()),
                            quote(LITERAL.format(c.time())),
                            quote(c.link()),
                            quote(c.source()),
                            quote(c.source().toUpperCase(Locale.ROOT)),
                            c.bot(),
                            quote(c.bot() ? "crawler" : "")))
                .collect(Collectors.joining(", ")));
  }

  private static void insertAlerts(List<AlertRow> alerts) {
    clickhouse.query(
        "INSERT INTO "
            + DATABASE
            + ".alerts (alert_id, status, rule, severity, subject_type,"
            + " subject_id, link_id, campaign_id, window_start, window_end, reason) VALUES "
            + alerts.stream()
                .map(
                    a ->
                        String.format(
                            "(%s, %s, %s, %s, 'link', %s, %s, 'cmp-1', %s, %s, %s)",
                            quote(a.id()),
                            quote(a.status()),
                            quote(a.rule()),
                            quote(a.severity()),
                            quote(a.link()),
                            quote(a.link()),
                            quote(LITERAL.format(a.start())),
                            quote(LITERAL.format(a.end())),
                            quote(a.reason())))
                .collect(Collectors.joining(", ")));
  }

  /** A ClickHouse string literal. */
  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
