package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.LiveWatermarks;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every alert rule on synthetic timelines, through the real operators on a MiniCluster. */
class AlertRulesPipelineTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final AlertRules RULES =
      AlertRules.parse(
          new java.io.ByteArrayInputStream(
              ("qr-regions: { expected: { c-qr: [DE, AT] } }\n"
                      + "priority-links: { vip: { spike-clicks-per-minute: 100 } }")
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          "test-rules.yaml");

  private static final long MINUTE = Timeline.MINUTE;
  private static final Set<String> EPISODE_RULES = Set.of("spike", "drop", "broken_redirect");

  record Detected(List<Alert> alerts, List<BotClient> botClients) {
    List<Alert> rule(String rule) {
      return alerts.stream().filter(a -> a.rule.equals(rule)).toList();
    }

    /** One rule's alerts about one subject, in the order they were emitted. */
    List<Alert> about(String rule, String subjectType, String subjectId) {
      return alerts.stream()
          .filter(a -> a.rule.equals(rule))
          .filter(a -> a.subjectType.equals(subjectType) && a.subjectId.equals(subjectId))
          .toList();
    }
  }

  @Test
  void plantedSpikeFiresWithinTwoMinutesAndResolvesAfterItEnds() throws Exception {
    Timeline t = new Timeline(1).steady("l1", "c1", 0, 60, 10);
    t.steady("l1", "c1", 60, 65, 120).steady("l1", "c1", 65, 90, 10);
    t.steady("l2", "c1", 0, 90, 10);

    Detected d = detect(t.clicks);

    List<Alert> linkSpike =
        d.rule("spike").stream().filter(a -> a.subjectType.equals("link")).toList();
    assertEquals(
        List.of("firing", "resolved"),
        linkSpike.stream().map(a -> a.status).toList(),
        d.alerts().toString());
    Alert firing = linkSpike.get(0);
    long spikeStart = Timeline.T0 + 60 * Timeline.MINUTE;
    assertEquals("l1", firing.subjectId);
    // Its first spike minute is the second: the one that completes two minutes of evidence.
    assertEquals(spikeStart + Timeline.MINUTE, firing.windowStart);
    assertTrue(
        firing.windowEnd - spikeStart <= Duration.ofMinutes(2).toMillis(),
        "fired within two minutes");
    assertTrue(firing.observed >= 100 && firing.expected < 20, firing.toString());
    assertEquals(firing.alertId, linkSpike.get(1).alertId, "resolution closes the same alert");
    assertEquals(spikeStart + 5 * Timeline.MINUTE, linkSpike.get(1).windowEnd);
    // The campaign saw the same spike; the quiet link did not.
    assertEquals(
        Set.of("link:l1", "campaign:c1"),
        d.rule("spike").stream()
            .map(a -> a.subjectType + ":" + a.subjectId)
            .collect(Collectors.toSet()));
    assertTrue(
        d.alerts().stream().allMatch(a -> a.rule.equals("spike")),
        "nothing but the spike: " + d.alerts());
  }

  @Test
  void steadyTrafficWithDailySeasonalityAndNoiseFiresNothingInADay() throws Exception {
    Timeline t = new Timeline(2);
    for (int m = 0; m < 24 * 60; m++) {
      double rate = 25 + 18 * Math.sin(2 * Math.PI * m / (24 * 60));
      t.minute("l1", "c1", m, t.poisson(rate), 302);
      t.minute("l2", "c1", m, t.poisson(rate / 3), 302);
    }

    Detected d = detect(t.clicks);

    assertEquals(List.of(), d.alerts(), "a normal day pages nobody");
  }

  @Test
  void campaignLinkThatStopsGettingClicksDropsAndRecovers() throws Exception {
    Timeline t = new Timeline(3).steady("l1", "c1", 0, 60, 30);
    t.steady("l1", "c1", 65, 90, 30); // minutes 60-64: nothing at all
    t.steady("l2", "c1", 0, 90, 5);

    Detected d = detect(t.clicks);

    // (When all traffic ends at minute 90, that is a drop too; only the planted gap matters here.)
    List<Alert> drops =
        d.rule("drop").stream()
            .filter(a -> a.windowStart < Timeline.T0 + 90 * Timeline.MINUTE)
            .toList();
    assertEquals(
        List.of("firing", "resolved"),
        drops.stream().map(a -> a.status).toList(),
        d.alerts().toString());
    assertEquals("l1", drops.get(0).subjectId);
    assertEquals(0, drops.get(0).observed);
    // From the second silent minute, the first with two minutes of evidence.
    assertEquals(Timeline.T0 + 61 * Timeline.MINUTE, drops.get(0).windowStart);
  }

  @Test
  void botBurstAndScannerAreCaughtWhileMixedHumanTrafficIsNot() throws Exception {
    Timeline t = new Timeline(4);
    for (String link : List.of("l1", "l2", "l3", "l4", "l5", "l6")) {
      t.steady(link, "c1", 0, 30, 8);
    }
    long burstStart = Timeline.T0 + 10 * Timeline.MINUTE;
    for (int i = 0; i < 30; i++) {
      t.add(t.human("l1", "c1", burstStart + i * 150L + (i % 3) * 20, 777_001, 302));
    }
    long scanStart = Timeline.T0 + 20 * Timeline.MINUTE;
    int i = 0;
    for (String link : List.of("l1", "l2", "l3", "l4", "l5", "l6")) {
      t.add(t.human(link, "c1", scanStart + 100L * i++, 777_002, 302));
    }

    Detected d = detect(t.clicks);

    assertEquals(1, d.rule("bot_burst").size(), d.alerts().toString());
    assertEquals(Long.toHexString(777_001), d.rule("bot_burst").get(0).subjectId);
    assertEquals(1, d.rule("bot_scan").size(), d.alerts().toString());
    assertEquals(Long.toHexString(777_002), d.rule("bot_scan").get(0).subjectId);
    assertEquals(
        Set.of(777_001L, 777_002L),
        d.botClients().stream().map(c -> c.visitorId).collect(Collectors.toSet()));
    assertEquals(2, d.alerts().size(), "no human is flagged: " + d.alerts());
  }

  @Test
  void clicksAtConstantIntervalsAreAMetronome() throws Exception {
    Timeline t = new Timeline(5).steady("l1", "c1", 0, 30, 5);
    for (int i = 0; i < 10; i++) {
      t.add(t.human("l1", "c1", Timeline.T0 + 5 * Timeline.MINUTE + i * 30_000L, 777_003, 302));
    }

    Detected d = detect(t.clicks);

    assertEquals(1, d.rule("bot_metronome").size(), d.alerts().toString());
    assertEquals(1, d.alerts().size(), d.alerts().toString());
  }

  @Test
  void brokenDestinationFiresOnceNotOncePerClick() throws Exception {
    Timeline t = new Timeline(6).steady("l1", "c1", 0, 20, 20);
    for (int m = 20; m < 23; m++) {
      t.minute("l1", "c1", m, 20, 502);
    }
    t.steady("l1", "c1", 23, 30, 20);

    Detected d = detect(t.clicks);

    List<Alert> broken = d.rule("broken_redirect");
    assertEquals(
        List.of("firing", "resolved"),
        broken.stream().map(a -> a.status).toList(),
        d.alerts().toString());
    assertEquals(20, broken.get(0).observed);
    assertEquals(60, broken.get(1).observed, "the resolution reports the whole episode");
  }

  @Test
  void campaignLinkWithoutUtmAlertsOncePerDay() throws Exception {
    Timeline t = new Timeline(7);
    for (int day = 0; day < 2; day++) {
      for (int i = 0; i < 10; i++) {
        EnrichedClick c =
            t.human("l9", "c9", Timeline.T0 + day * 86_400_000L + i * 600_000L, i, 302);
        c.click.utmSource = null;
        t.add(c);
      }
    }
    t.add(t.human("l8", "", Timeline.T0, 1, 302)); // not a campaign link: UTM not required

    Detected d = detect(t.clicks);

    List<Alert> missing = d.rule("missing_utm");
    assertEquals(2, missing.size(), d.alerts().toString());
    assertTrue(missing.get(0).reason.contains("utm_source"), missing.get(0).reason);
    assertEquals(1, missing.stream().map(a -> a.fingerprint).distinct().count());
  }

  @Test
  void qrScansFromUnexpectedCountriesAlertOncePerLinkAndDay() throws Exception {
    Timeline t = new Timeline(9);
    for (int i = 0; i < 20; i++) {
      EnrichedClick c = t.human("poster-1", "c-qr", Timeline.T0 + i * 60_000L, i, 302);
      c.channel = "qr";
      c.click.country = i % 2 == 0 ? "DE" : "BR";
      t.add(c);
    }

    Detected d = detect(t.clicks);

    List<Alert> qr = d.rule("qr_unexpected_country");
    assertEquals(1, qr.size(), d.alerts().toString());
    assertEquals("BR", qr.get(0).evidence.get("country"));
    assertEquals(5, qr.get(0).observed);
  }

  @Test
  void brokenDestinationForTwoMinutesThenSilenceFiresAndResolves() throws Exception {
    // "fresh" fails from its very first click (nothing observed before); "known" had normal
    // traffic. Both fail for minutes 20 and 21 and then get no more clicks; "other" goes on.
    Timeline t = new Timeline(12).steady("known", "c1", 0, 20, 20);
    t.steady("other", "c2", 0, 40, 20);
    for (int m = 20; m < 22; m++) {
      t.minute("fresh", "", m, 15, 502).minute("known", "c1", m, 20, 502);
    }

    // Live, the silent minute after the failures is observed and ends the episode. Replayed at
    // once (the watermark jumps to the end, as when a job catches up), minutes after a link's
    // last click are not observed: the end of the input ends the episode.
    Detected live = detectLive(t.clicks);
    Detected replayed = detect(t.clicks);

    for (Detected d : List.of(live, replayed)) {
      for (String link : List.of("fresh", "known")) {
        List<Alert> broken = d.about("broken_redirect", "link", link);
        assertEquals(List.of("firing", "resolved"), statuses(broken), d.alerts().toString());
        assertEquals(Timeline.T0 + 20 * MINUTE, broken.get(0).windowStart);
        assertEquals(Timeline.T0 + 21 * MINUTE, broken.get(0).windowEnd, "fires on minute 1");
        assertEquals(countErrors(t, link, 20, 21), broken.get(0).observed);
        assertEquals(Timeline.T0 + 22 * MINUTE, broken.get(1).windowEnd);
        assertEquals(countErrors(t, link, 20, 22), broken.get(1).observed);
      }
    }
    assertTrue(
        live.about("broken_redirect", "link", "fresh").get(1).reason.contains("back to normal"),
        live.alerts().toString());
    // "known" is a campaign link used to 20 clicks a minute: live, its silence is a drop, which
    // ends when the input does (nothing watches the link after that).
    List<Alert> drop = live.about("drop", "link", "known");
    assertEquals(List.of("firing", "resolved"), statuses(drop), live.alerts().toString());
    assertEquals(Timeline.T0 + 23 * MINUTE, drop.get(0).windowStart, "two silent minutes");
    assertEquals(0, drop.get(0).observed);
    assertTrue(drop.get(1).reason.contains("no further clicks"), drop.get(1).reason);
  }

  @Test
  void aOneMinuteSpikeStaysQuietAndTwoMinuteSpikesFireAndResolve() throws Exception {
    Timeline t = new Timeline(13).steady("l1", "", 0, 70, 10);
    t.minute("l1", "", 30, 150, 302); // one minute: the rule wants two in a row
    t.minute("l1", "", 50, 150, 302).minute("l1", "", 51, 150, 302);
    // A priority link (absolute threshold 100/min) whose first two observed minutes spike.
    t.minute("vip", "", 40, 150, 302).minute("vip", "", 41, 150, 302).steady("vip", "", 42, 70, 5);

    Detected d = detect(t.clicks);

    List<Alert> l1 = d.about("spike", "link", "l1");
    assertEquals(List.of("firing", "resolved"), statuses(l1), d.alerts().toString());
    assertEquals(Timeline.T0 + 51 * MINUTE, l1.get(0).windowStart, "the second minute fires");
    assertEquals(Timeline.T0 + 52 * MINUTE, l1.get(0).windowEnd);
    assertEquals(Timeline.T0 + 52 * MINUTE, l1.get(1).windowEnd);
    // Minute 50 is evidence; minute 51 completes it and is the first spike minute of the run.
    assertEquals(maxHuman(t, "l1", 51, 52), l1.get(0).observed);

    List<Alert> vip = d.about("spike", "link", "vip");
    assertEquals(List.of("firing", "resolved"), statuses(vip), d.alerts().toString());
    assertEquals(Timeline.T0 + 40 * MINUTE, vip.get(0).windowStart);
    assertEquals(Timeline.T0 + 42 * MINUTE, vip.get(1).windowEnd);
    assertEquals(
        Set.of("spike"),
        d.alerts().stream().map(a -> a.rule).collect(Collectors.toSet()),
        d.alerts().toString());
  }

  @Test
  void linkWhoseClicksStopMidSpikeResolvesTheSpikeAndItsDrop() throws Exception {
    Timeline t = new Timeline(14).steady("l1", "c1", 0, 60, 30);
    t.minute("l1", "c1", 60, 200, 302).minute("l1", "c1", 61, 200, 302); // then nothing at all
    t.steady("l2", "c2", 0, 200, 10); // event time goes on for longer than inactive-after (2 h)

    Detected d = detectLive(t.clicks);

    for (Alert a : d.alerts()) {
      assertTrue(
          a.subjectId.equals("l1") || a.subjectId.equals("c1"), "only l1 and c1: " + d.alerts());
    }
    List<Alert> spike = d.about("spike", "link", "l1");
    assertEquals(List.of("firing", "resolved"), statuses(spike), d.alerts().toString());
    assertEquals(Timeline.T0 + 61 * MINUTE, spike.get(0).windowStart, "the second minute fires");
    assertEquals(Timeline.T0 + 62 * MINUTE, spike.get(1).windowEnd);
    assertEquals(
        List.of("firing", "resolved"),
        statuses(d.about("spike", "campaign", "c1")),
        d.alerts().toString());

    // The silence of a campaign link used to 30 clicks a minute is a drop; it is resolved when
    // the link is no longer watched, inactive-after (2 h) after its last click.
    List<Alert> drop = d.about("drop", "link", "l1");
    assertEquals(List.of("firing", "resolved"), statuses(drop), d.alerts().toString());
    assertEquals(Timeline.T0 + 63 * MINUTE, drop.get(0).windowStart, "two silent minutes");
    assertEquals(Timeline.T0 + 64 * MINUTE, drop.get(0).windowEnd, "two silent minutes fire it");
    long lastClick = lastClick(t, "l1");
    long end = drop.get(1).windowEnd;
    assertTrue(
        end >= lastClick + Duration.ofHours(2).toMillis()
            && end <= lastClick + Duration.ofHours(2).toMillis() + MINUTE,
        "resolved when l1 stops being watched: " + drop.get(1));
  }

  @Test
  void dropOfACampaignLinkFiresAndResolvesWithItsLowestMinute() throws Exception {
    Timeline t = new Timeline(15).steady("l1", "c1", 0, 60, 30);
    for (int m = 60; m < 65; m++) {
      t.minute("l1", "c1", m, m - 58, 302); // 2, 3, 4, 5, 6 clicks
    }
    t.steady("l1", "c1", 65, 90, 30).steady("l2", "c1", 0, 90, 5);

    Detected d = detect(t.clicks);

    List<Alert> drop = d.about("drop", "link", "l1");
    assertEquals(List.of("firing", "resolved"), statuses(drop), d.alerts().toString());
    assertEquals(Timeline.T0 + 61 * MINUTE, drop.get(0).windowStart);
    // Two minutes of evidence (60 and 61) fire it on minute 61, where its window starts; the run
    // of drop minutes is 61-64 (minute 60 is evidence, not a drop minute of its own), its lowest
    // minute 61's 3.
    assertEquals(Timeline.T0 + 62 * MINUTE, drop.get(0).windowEnd);
    assertEquals(Timeline.T0 + 65 * MINUTE, drop.get(1).windowEnd);
    assertEquals(3, drop.get(0).observed);
    assertEquals(3, drop.get(1).observed);
    assertEquals("4", drop.get(1).evidence.get("minutes"));
    assertEquals(List.of(), d.rule("spike"), "the recovery is not a spike");
  }

  @Test
  void testTrafficNeverAlerts() throws Exception {
    // l1's real traffic goes on through the test spike (its silence would be a real drop).
    Timeline t = new Timeline(10).steady("l1", "c1", 0, 50, 10);
    Timeline spike = new Timeline(11).steady("l1", "c1", 40, 45, 200);
    spike.clicks.forEach(c -> c.click.isTest = true);
    t.clicks.addAll(spike.clicks);
    for (int i = 0; i < 30; i++) {
      EnrichedClick bot =
          t.human("l1", "c1", Timeline.T0 + 20 * Timeline.MINUTE + i * 100L, 9_999, 502);
      bot.click.isTest = true;
      t.add(bot);
    }

    Detected d = detect(t.clicks);

    assertEquals(List.of(), d.alerts());
  }

  @Test
  void replayingTheSameInputGivesTheSameAlertIds() throws Exception {
    Timeline t = new Timeline(8).steady("l1", "c1", 0, 40, 10).steady("l1", "c1", 40, 43, 150);
    t.steady("l1", "c1", 43, 60, 10);

    Set<String> first = ids(detect(t.clicks));
    Set<String> second = ids(detect(t.clicks));

    assertTrue(!first.isEmpty());
    assertEquals(first, second);
  }

  private static Set<String> ids(Detected d) {
    return d.alerts().stream().map(a -> a.alertId + "/" + a.status).collect(Collectors.toSet());
  }

  private static List<String> statuses(List<Alert> alerts) {
    return alerts.stream().map(a -> a.status).toList();
  }

  private static long countErrors(Timeline t, String link, int fromMinute, int toMinute) {
    return clicksOf(t, link, fromMinute, toMinute)
        .filter(c -> c.click.redirectStatus >= 400)
        .count();
  }

  private static long maxHuman(Timeline t, String link, int fromMinute, int toMinute) {
    long max = 0;
    for (int m = fromMinute; m < toMinute; m++) {
      max = Math.max(max, clicksOf(t, link, m, m + 1).filter(c -> !c.isBot).count());
    }
    return max;
  }

  private static long lastClick(Timeline t, String link) {
    return clicksOf(t, link, 0, Integer.MAX_VALUE)
        .mapToLong(c -> c.click.eventTime)
        .max()
        .orElseThrow();
  }

  private static java.util.stream.Stream<EnrichedClick> clicksOf(
      Timeline t, String link, int fromMinute, int toMinute) {
    return t.clicks.stream()
        .filter(c -> c.click.linkId.equals(link))
        .filter(c -> c.click.eventTime >= Timeline.T0 + fromMinute * MINUTE)
        .filter(c -> c.click.eventTime < Timeline.T0 + (long) toMinute * MINUTE);
  }

  /**
   * What every run must show, whatever the traffic: each episode alert id is emitted exactly twice,
   * firing first and then resolved (nothing resolves that did not fire, nothing stays firing).
   */
  private static void assertEpisodesFireThenResolve(List<Alert> emitted) {
    Map<String, List<String>> byId = new LinkedHashMap<>();
    for (Alert a : emitted) {
      if (EPISODE_RULES.contains(a.rule)) {
        byId.computeIfAbsent(a.alertId, id -> new ArrayList<>()).add(a.status);
      }
    }
    byId.forEach(
        (id, statuses) ->
            assertEquals(
                List.of("firing", "resolved"),
                statuses,
                "alert " + id + ", in the order emitted: " + emitted));
  }

  /**
   * The alert rules over the clicks, with periodic watermarks: the input is usually read before the
   * first one, so the watermark jumps to the end at once, as when a job catches up.
   */
  static Detected detect(List<EnrichedClick> clicks) throws Exception {
    return detect(clicks, WatermarkStrategy.forBoundedOutOfOrderness(Duration.ofSeconds(30)));
  }

  /**
   * The alert rules over the clicks with a watermark that follows each click (30 s behind), as on a
   * live stream: minutes without clicks after a link's last one are observed.
   */
  private static Detected detectLive(List<EnrichedClick> clicks) throws Exception {
    return detect(clicks, LiveWatermarks.<EnrichedClick>afterEachEvent());
  }

  private static Detected detect(
      List<EnrichedClick> clicks, WatermarkStrategy<EnrichedClick> watermarks) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    // Clicks arrive in event-time order, as they would from the redirect service.
    List<EnrichedClick> ordered = new ArrayList<>(clicks);
    ordered.sort(java.util.Comparator.comparingLong(c -> c.click.eventTime));
    AlertDetection.Result result =
        AlertDetection.apply(
            MinuteAggregation.onTime(
                env.fromData(ordered)
                    .assignTimestampsAndWatermarks(
                        watermarks.withTimestampAssigner((c, ts) -> c.click.eventTime))),
            RULES);
    List<Alert> alerts = new ArrayList<>();
    List<BotClient> botClients = new ArrayList<>();
    try (CloseableIterator<Alert> a = result.alerts().collectAsync();
        CloseableIterator<BotClient> b = result.botClients().collectAsync()) {
      env.execute("alert-rules");
      a.forEachRemaining(alerts::add);
      b.forEachRemaining(botClients::add);
    }
    assertEpisodesFireThenResolve(alerts);
    alerts.forEach(JsonSchemas::assertValidAlert);
    alerts.sort(
        java.util.Comparator.comparing((Alert x) -> x.windowStart).thenComparing(x -> x.status));
    return new Detected(alerts, botClients);
  }
}
