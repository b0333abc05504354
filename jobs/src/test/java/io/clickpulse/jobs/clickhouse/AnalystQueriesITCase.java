package io.clickpulse.jobs.clickhouse;

import static java.util.stream.Collectors.groupingBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.SeededClicks;
import io.clickpulse.jobs.testing.SeededClicks.Seed;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every query in {@code sql/queries/} runs against the real ClickHouse on a seeded data set, and
 * returns what a plain Java computation over the same seed says. Some seed rows are inserted twice,
 * as a replay after a failure would, and must not be counted twice.
 */
@Tag("engines")
class AnalystQueriesITCase {
  private static final Path QUERIES = Paths.get("..", "sql", "queries");
  private static final Instant FROM =
      LocalDate.now(ZoneOffset.UTC).minusDays(3).atStartOfDay().toInstant(ZoneOffset.UTC);
  private static final Instant TO = FROM.plus(2, ChronoUnit.DAYS);

  private static ClickHouseServer clickhouse;
  private static String db;
  private static List<Seed> seeds;

  @BeforeAll
  static void seed() {
    clickhouse = Engines.sharedClickHouse();
    SeededClicks seeded = SeededClicks.create(clickhouse, "queries", FROM);
    db = seeded.database();
    seeds = seeded.seeds();
    long m = FROM.plus(1, ChronoUnit.HOURS).getEpochSecond();
    clickhouse.query(
        "INSERT INTO "
            + db
            + ".clicks_minute (window_start, link_id, is_bot, clicks, unique_visitors) VALUES"
            + " ("
            + m
            + ", 'l1', false, 3, 2), ("
            + m
            + ", 'l1', false, 5, 4), ("
            + m
            + ", 'l1', true, 2, 1),"
            + " ("
            + (m + 60)
            + ", 'l1', false, 7, 6), ("
            + (m + 60)
            + ", 'l2', false, 9, 9)");
  }

  private static Stream<Seed> counted() {
    return seeds.stream().filter(s -> !s.test());
  }

  @Test
  void everyQueryFileIsCoveredHere() throws IOException {
    try (Stream<Path> files = Files.list(QUERIES)) {
      List<String> names =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .sorted()
              .toList();
      assertEquals(
          List.of(
              "human_vs_bot_share.sql",
              "link_clicks_per_minute.sql",
              "links_with_redirect_errors.sql",
              "qr_vs_web.sql",
              "top_links.sql",
              "traffic_by_source_medium_campaign.sql",
              "unique_visitors.sql"),
          names);
      for (String name : names) {
        assertTrue(
            Files.readString(QUERIES.resolve(name)).startsWith("-- "),
            name + " needs a description line");
      }
    }
  }

  @Test
  void trafficBySourceMediumCampaign() {
    String expected =
        rows(
            counted()
                .collect(
                    groupingBy(
                        s ->
                            s.link().source()
                                + "\t"
                                + s.link().medium()
                                + "\t"
                                + s.link().utmCampaign())),
            (key, group) ->
                key
                    + "\t"
                    + group.size()
                    + "\t"
                    + count(group, s -> !s.bot())
                    + "\t"
                    + visitors(group, s -> true),
            descendingBy(3));
    assertEquals(expected, run("traffic_by_source_medium_campaign.sql", Map.of()));
  }

  @Test
  void topLinks() {
    String expected =
        rows(
            counted().collect(groupingBy(s -> s.link().id())),
            (link, group) ->
                link
                    + "\t"
                    + group.get(0).link().campaign()
                    + "\t"
                    + count(group, s -> !s.bot())
                    + "\t"
                    + visitors(group, s -> !s.bot()),
            descendingBy(2));
    String top3 = expected.lines().limit(3).collect(Collectors.joining("\n"));
    assertEquals(top3, run("top_links.sql", Map.of("limit", "3")));
  }

  @Test
  void humanVersusBotShare() {
    String expected =
        rows(
            counted()
                .collect(groupingBy(s -> s.time().atZone(ZoneOffset.UTC).toLocalDate().toString())),
            (day, group) -> {
              long humans = count(group, s -> !s.bot());
              long bots = group.size() - humans;
              Map<String, Long> reasons =
                  new TreeMap<>(
                      group.stream()
                          .filter(Seed::bot)
                          .collect(groupingBy(Seed::botReason, Collectors.counting())));
              String map =
                  reasons.entrySet().stream()
                      .map(e -> "'" + e.getKey() + "':" + e.getValue())
                      .collect(Collectors.joining(",", "{", "}"));
              return day
                  + "\t"
                  + humans
                  + "\t"
                  + bots
                  + "\t"
                  + decimal((double) bots / (humans + bots))
                  + "\t"
                  + map;
            },
            Comparator.naturalOrder());
    assertEquals(expected, run("human_vs_bot_share.sql", Map.of()));
  }

  @Test
  void uniqueVisitorsPerCampaign() {
    String expected =
        rows(
            counted().collect(groupingBy(s -> s.link().campaign())),
            (campaign, group) ->
                campaign
                    + "\t"
                    + visitors(group, s -> true)
                    + "\t"
                    + visitors(group, s -> !s.bot()),
            descendingBy(1));
    assertEquals(expected, run("unique_visitors.sql", Map.of()));
  }

  @Test
  void qrVersusWeb() {
    String expected =
        rows(
            counted()
                .collect(
                    groupingBy(
                        s ->
                            s.link().campaign()
                                + "\t"
                                + (s.link().channel().equals("qr") ? "qr" : "web"))),
            (key, group) ->
                key + "\t" + count(group, s -> !s.bot()) + "\t" + visitors(group, s -> !s.bot()),
            Comparator.naturalOrder());
    assertEquals(expected, run("qr_vs_web.sql", Map.of()));
  }

  @Test
  void linksWithRedirectErrors() {
    String expected =
        rows(
            counted().collect(groupingBy(s -> s.link().id())),
            (link, group) -> {
              long errors = count(group, Seed::error);
              return errors == 0
                  ? null
                  : link
                      + "\t"
                      + group.get(0).link().campaign()
                      + "\t"
                      + errors
                      + "\t"
                      + group.size()
                      + "\t"
                      + decimal((double) errors / group.size());
            },
            descendingBy(2));
    assertTrue(!expected.isEmpty(), "the seed has redirect errors");
    assertEquals(expected, run("links_with_redirect_errors.sql", Map.of()));
  }

  @Test
  void linkClicksPerMinuteReadsTheLatestFiringOfEachWindow() {
    Instant minute = FROM.plus(1, ChronoUnit.HOURS);
    String expected = fmt(minute) + "\t7\t5\t5\n" + fmt(minute.plusSeconds(60)) + "\t7\t7\t6";
    assertEquals(expected, run("link_clicks_per_minute.sql", Map.of("link_id", "l1")));
  }

  private static String run(String file, Map<String, String> extra) {
    try {
      Map<String, String> params = new TreeMap<>(extra);
      params.put("from", fmt(FROM));
      params.put("to", fmt(TO));
      String sql =
          Files.readString(QUERIES.resolve(file)).replace("FROM clicks", "FROM " + db + ".clicks");
      return clickhouse.query(sql, params).strip();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <K> String rows(
      Map<K, List<Seed>> groups,
      java.util.function.BiFunction<K, List<Seed>, String> row,
      Comparator<String> order) {
    return groups.entrySet().stream()
        .map(e -> row.apply(e.getKey(), e.getValue()))
        .filter(r -> r != null)
        .sorted(order)
        .collect(Collectors.joining("\n"));
  }

  /**
   * Rows (tab-separated) by one numeric column, largest first, then as text: the queries' order.
   */
  private static Comparator<String> descendingBy(int column) {
    return Comparator.comparing((String row) -> -Long.parseLong(row.split("\t")[column]))
        .thenComparing(Function.identity());
  }

  private static long count(List<Seed> group, Predicate<Seed> which) {
    return group.stream().filter(which).count();
  }

  private static long visitors(List<Seed> group, Predicate<Seed> which) {
    return group.stream().filter(which).map(Seed::visitor).distinct().count();
  }

  /** ClickHouse's text form of round(x, 4). */
  private static String decimal(double value) {
    String s = String.valueOf(Math.round(value * 10_000) / 10_000.0);
    return s.endsWith(".0") ? s.substring(0, s.length() - 2) : s;
  }

  private static String fmt(Instant instant) {
    return instant.toString().replace("T", " ").replace("Z", "");
  }
}
