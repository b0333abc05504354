package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
              "qr-regions: { expected: { c-qr: [DE, AT] } }"
                  .getBytes(java.nio.charset.StandardCharsets.UTF_8)),
          "test-rules.yaml");

  record Detected(List<Alert> alerts, List<BotClient> botClients) {
    List<Alert> rule(String rule) {
      return alerts.stream().filter(a -> a.rule.equals(rule)).toList();
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
    assertEquals(spikeStart, firing.windowStart);
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
    assertEquals(Timeline.T0 + 60 * Timeline.MINUTE, drops.get(0).windowStart);
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
  void testTrafficNeverAlerts() throws Exception {
    Timeline t = new Timeline(10).steady("l1", "c1", 0, 40, 10);
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

  private static Detected detect(List<EnrichedClick> clicks) throws Exception {
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
                        WatermarkStrategy.<EnrichedClick>forBoundedOutOfOrderness(
                                Duration.ofSeconds(30))
                            .withTimestampAssigner((c, ts) -> c.click.eventTime))),
            RULES);
    List<Alert> alerts = new ArrayList<>();
    List<BotClient> botClients = new ArrayList<>();
    try (CloseableIterator<Alert> a = result.alerts().collectAsync();
        CloseableIterator<BotClient> b = result.botClients().collectAsync()) {
      env.execute("alert-rules");
      a.forEachRemaining(alerts::add);
      b.forEachRemaining(botClients::add);
    }
    alerts.sort(
        java.util.Comparator.comparing((Alert x) -> x.windowStart).thenComparing(x -> x.status));
    return new Detected(alerts, botClients);
  }
}
