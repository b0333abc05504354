package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.AlertRulesPipelineTest.Detected;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The context of each alert kind, through the real operators on a MiniCluster: every value is
 * counted from the planted input. (Every alert the pipeline tests produce is also checked against
 * the published schema, in {@link AlertRulesPipelineTest#detect}.)
 */
class AlertContextPipelineTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final long MINUTE = Timeline.MINUTE;

  @Test
  void aCampaignSpikeListsTheCampaignsTopLinksWithTheirUtmAndTheWindowsTotals() throws Exception {
    Timeline t = new Timeline(21).steady("l1", "c1", 0, 60, 10).steady("l2", "c1", 0, 90, 6);
    t.steady("l1", "c1", 60, 63, 150).steady("l1", "c1", 63, 90, 10);
    t.steady("l3", "c1", 60, 63, 3);
    for (EnrichedClick c : t.clicks) {
      if (c.click.linkId.equals("l2")) {
        c.utmSource = "facebook";
        c.utmMedium = "paid-social";
        c.channel = "paid_social";
        c.referrerDomain = "facebook.com";
        c.click.country = "FR";
      }
    }

    Detected d = AlertRulesPipelineTest.detect(t.clicks);

    Alert firing = d.about("spike", "campaign", "c1").get(0);
    assertEquals("firing", firing.status);
    AlertContext c = firing.context;
    Predicate<EnrichedClick> inWindow = inWindow(firing);
    // No single link: the campaign's links, most clicked first, each with its own attributes.
    assertEquals("", c.shortUrl);
    assertEquals(
        perLink(t, inWindow, "c1"),
        c.topLinks.stream().collect(Collectors.toMap(l -> l.linkId, l -> l.clicks)));
    AlertContext.LinkCount top = c.topLinks.get(0);
    assertEquals("l1", top.linkId);
    assertEquals("https://sho.rt/l1", top.shortUrl);
    assertEquals("https://shop.example/l1", top.destinationUrl);
    assertEquals(
        List.of("newsletter", "email", "email"),
        List.of(top.utmSource, top.utmMedium, top.channel));
    AlertContext.LinkCount l2 =
        c.topLinks.stream().filter(l -> l.linkId.equals("l2")).findFirst().orElseThrow();
    assertEquals(List.of("facebook", "paid-social"), List.of(l2.utmSource, l2.utmMedium));
    assertEquals("spring", c.utmCampaign);
    // Window totals: every click of the campaign in the firing's window.
    long clicks =
        t.clicks.stream().filter(x -> x.click.campaignId.equals("c1")).filter(inWindow).count();
    assertEquals(clicks, c.clicks);
    assertEquals(clicks, c.humanClicks);
    assertEquals(1.0, c.humanShare);
    assertEquals(firing.expected, c.baseline);
    assertEquals("google.com", c.topReferrers.get(0).name);
    assertEquals(
        t.clicks.stream()
            .filter(x -> x.click.campaignId.equals("c1") && x.click.linkId.equals("l2"))
            .filter(inWindow)
            .count(),
        clicks(c.topReferrers, "facebook.com"));
    assertEquals(clicks, c.topCountries.stream().mapToLong(x -> x.clicks).sum());
    assertEquals(0, c.failingClicks);
    assertEquals(List.of(), c.statusCodes);

    // The link's own spike names the link, its destination and its attribution instead.
    AlertContext link = d.about("spike", "link", "l1").get(0).context;
    assertEquals("https://sho.rt/l1", link.shortUrl);
    assertEquals("https://shop.example/l1", link.destinationUrl);
    assertEquals("sho.rt", link.linkDomain);
    assertEquals(
        List.of("newsletter", "email", "spring", "email"),
        List.of(link.utmSource, link.utmMedium, link.utmCampaign, link.channel));
    assertEquals(List.of(), link.topLinks);
    assertEquals(List.of("DE"), link.topCountries.stream().map(x -> x.name).toList());
  }

  @Test
  void aBrokenRedirectNamesTheDestinationItsStatusCodesAndTheFailingShare() throws Exception {
    Timeline t = new Timeline(22).steady("l1", "c1", 0, 20, 20);
    t.minute("l1", "c1", 20, 7, 502).minute("l1", "c1", 20, 2, 404).minute("l1", "c1", 20, 21, 302);
    t.steady("l1", "c1", 21, 30, 20);

    Detected d = AlertRulesPipelineTest.detect(t.clicks);

    List<Alert> broken = d.about("broken_redirect", "link", "l1");
    assertEquals(List.of("firing", "resolved"), broken.stream().map(a -> a.status).toList());
    AlertContext c = broken.get(0).context;
    assertEquals(List.of("502=7", "404=2"), c.statusCodes.stream().map(Object::toString).toList());
    assertEquals(
        List.of("https://shop.example/l1=9"),
        c.failingDestinations.stream().map(Object::toString).toList());
    assertEquals(30, c.clicks);
    assertEquals(9, c.failingClicks);
    assertEquals(0.3, c.failingShare);
    assertEquals("https://sho.rt/l1", c.shortUrl);
    assertEquals(Timeline.T0 + 20 * MINUTE, broken.get(0).windowStart);
  }

  @Test
  void aBotBurstListsTheLinksItHitAndWhereItCameFrom() throws Exception {
    Timeline t = new Timeline(23).steady("l1", "c1", 0, 30, 8).steady("l2", "c1", 0, 30, 8);
    long start = Timeline.T0 + 10 * MINUTE;
    for (int i = 0; i < 30; i++) {
      EnrichedClick c = t.human(i % 3 == 0 ? "l2" : "l1", "c1", start + i * 150L, 777_001, 302);
      c.click.country = "SG";
      c.referrerDomain = "";
      t.add(c);
    }

    Detected d = AlertRulesPipelineTest.detect(t.clicks);

    Alert burst = d.rule("bot_burst").get(0);
    AlertContext c = burst.context;
    assertEquals((long) burst.observed, c.clicks);
    Map<String, Long> links =
        c.topLinks.stream().collect(Collectors.toMap(l -> l.linkId, l -> l.clicks));
    assertEquals(c.clicks, links.values().stream().mapToLong(Long::longValue).sum());
    assertEquals(2, links.size(), links.toString());
    assertTrue(links.get("l1") > links.get("l2"), links.toString());
    assertEquals(List.of("SG=" + c.clicks), c.topCountries.stream().map(Object::toString).toList());
    assertEquals(
        List.of("(direct)=" + c.clicks), c.topReferrers.stream().map(Object::toString).toList());
  }

  @Test
  void dailyRulesDescribeTheLinkAndTheClicksThatMadeThemFire() throws Exception {
    // Which offending clicks reach the rule first is up to the parallel channels, so these clicks
    // share what the context reports; DailyTallyTest counts mixed clicks.
    Timeline t = new Timeline(24);
    for (int i = 0; i < 10; i++) {
      EnrichedClick c = t.human("l9", "c9", Timeline.T0 + i * 600_000L, i, 302);
      c.click.utmSource = null;
      c.utmSource = "";
      c.click.country = "AT";
      c.referrerDomain = "mail.google.com";
      t.add(c);
    }
    for (int i = 0; i < 20; i++) {
      EnrichedClick c = t.human("poster-1", "c-qr", Timeline.T0 + i * 60_000L, i, 302);
      c.channel = "qr";
      c.click.country = i % 2 == 0 ? "DE" : i % 4 == 1 ? "BR" : "US";
      t.add(c);
    }

    Detected d = AlertRulesPipelineTest.detect(t.clicks);

    AlertContext missing = d.rule("missing_utm").get(0).context;
    assertEquals("https://sho.rt/l9", missing.shortUrl);
    assertEquals("https://shop.example/l9", missing.destinationUrl);
    assertEquals("sho.rt", missing.linkDomain);
    assertEquals(
        List.of("", "email", "spring"),
        List.of(missing.utmSource, missing.utmMedium, missing.utmCampaign));
    assertEquals(3, missing.clicks, "the rule's minimum: 3 clicks without UTM");
    assertEquals(1.0, missing.humanShare);
    assertEquals(List.of("AT=3"), missing.topCountries.stream().map(Object::toString).toList());
    assertEquals(
        List.of("mail.google.com=3"), missing.topReferrers.stream().map(Object::toString).toList());

    Alert qr = d.rule("qr_unexpected_country").get(0);
    assertEquals("qr", qr.context.channel);
    assertEquals(5, qr.context.clicks);
    // Five scans from outside DE/AT: BR and US only, five in all.
    assertEquals(5, qr.context.topCountries.stream().mapToLong(x -> x.clicks).sum());
    assertTrue(
        qr.context.topCountries.stream().allMatch(x -> Set.of("BR", "US").contains(x.name)),
        qr.context.topCountries.toString());
  }

  private static Predicate<EnrichedClick> inWindow(Alert a) {
    return c -> c.click.eventTime >= a.windowStart && c.click.eventTime < a.windowEnd;
  }

  private static Map<String, Long> perLink(
      Timeline t, Predicate<EnrichedClick> inWindow, String campaign) {
    return t.clicks.stream()
        .filter(c -> c.click.campaignId.equals(campaign))
        .filter(inWindow)
        .collect(Collectors.groupingBy(c -> c.click.linkId, TreeMap::new, Collectors.counting()));
  }

  private static long clicks(List<AlertContext.Count> counts, String name) {
    return counts.stream().filter(c -> c.name.equals(name)).mapToLong(c -> c.clicks).sum();
  }
}
