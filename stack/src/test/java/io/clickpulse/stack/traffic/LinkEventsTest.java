package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ValidationLimits;
import io.clickpulse.udf.link.ClickOnLink;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkEventParser;
import io.clickpulse.udf.link.LinkFinding;
import io.clickpulse.udf.link.LinkParseResult;
import io.clickpulse.udf.link.LinkRules;
import io.clickpulse.udf.link.LinkState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model's link events (docs/traffic.md, "Link events"): consistent with its clicks, the planted
 * lifecycle problems there and found by the pipeline's own checks, deterministic, and off unless
 * asked for.
 */
class LinkEventsTest {
  private static final long HOUR = 3_600_000;
  private static final long END = Instant.parse("2026-03-10T16:00:00Z").toEpochMilli();

  private static RealisticTraffic traffic;
  private static List<GeneratedRecord> clicks;
  private static List<LinkEventRecord> events;

  private static RealisticTraffic.Options.Builder options() {
    return RealisticTraffic.Options.builder()
        .seed(7)
        .events(20_000)
        .span(Duration.ofHours(12))
        .end(END)
        .links(1_000)
        .wallClock(() -> END + 2_000)
        .linkEvents(true);
  }

  @BeforeAll
  static void generate() {
    traffic = new RealisticTraffic(options().build());
    events = new ArrayList<>();
    traffic.linkEvents().forEachRemaining(events::add);
    clicks = traffic.stream().toList();
  }

  @Test
  void sameSeedSameEventsAndClicks() {
    RealisticTraffic again = new RealisticTraffic(options().build());
    List<LinkEventRecord> eventsAgain = new ArrayList<>();
    again.linkEvents().forEachRemaining(eventsAgain::add);
    List<GeneratedRecord> clicksAgain = again.stream().toList();
    assertEquals(events.size(), eventsAgain.size());
    for (int i = 0; i < events.size(); i++) {
      assertArrayEquals(events.get(i).value(), eventsAgain.get(i).value(), "event " + i);
    }
    assertEquals(clicks.size(), clicksAgain.size());
    for (int i = 0; i < clicks.size(); i++) {
      assertArrayEquals(clicks.get(i).value(), clicksAgain.get(i).value(), "click " + i);
    }
    assertEquals(traffic.linkProblems(), again.linkProblems());
  }

  @Test
  void switchedOffThereAreNoneAndTheClicksStayAsTheyWere() {
    RealisticTraffic off = new RealisticTraffic(options().linkEvents(false).build());
    assertFalse(off.linkEvents().hasNext());
    assertTrue(off.linkProblems().isEmpty());
    assertTrue(off.stream().noneMatch(r -> isProblem(r.incident())));
    // Without planted problems (scenario steady) link events change no click.
    List<GeneratedRecord> steadyOff =
        RealisticTraffic.generate(options().scenario("steady").linkEvents(false).build());
    RealisticTraffic steadyOn = new RealisticTraffic(options().scenario("steady").build());
    assertTrue(steadyOn.linkEvents().hasNext());
    List<GeneratedRecord> steadyOnClicks = steadyOn.stream().toList();
    assertEquals(steadyOff.size(), steadyOnClicks.size());
    for (int i = 0; i < steadyOff.size(); i++) {
      assertArrayEquals(steadyOff.get(i).value(), steadyOnClicks.get(i).value());
    }
  }

  @Test
  void everyClickedLinkIsCreatedBeforeItsFirstClickAndEveryEventIsValid() {
    LinkEventParser parser = new LinkEventParser(ValidationLimits.DEFAULTS);
    Map<String, Long> createdAt = new HashMap<>();
    Map<String, Long> versions = new HashMap<>();
    long previous = Long.MIN_VALUE;
    for (LinkEventRecord e : events) {
      assertTrue(e.eventTime() >= previous, "in time order: " + e.linkId());
      previous = e.eventTime();
      LinkParseResult parsed = parser.parse(e.value(), e.eventTime());
      assertTrue(parsed.isValid(), parsed + ": " + new String(e.value()));
      assertEquals(e.linkId(), parsed.event().linkId);
      assertEquals(e.version(), parsed.event().version);
      Long before = versions.put(e.linkId(), e.version());
      assertTrue(before == null || before < e.version(), "versions grow: " + e.linkId());
      if (e.type().equals("created")) {
        createdAt.putIfAbsent(e.linkId(), e.eventTime());
      }
    }
    String uncatalogued = problem(PlantedLinkProblems.UNCATALOGUED).subject();
    long checked = 0;
    for (GeneratedRecord r : clicks) {
      if (r.kind() != GeneratedRecord.Kind.VALID) {
        continue;
      }
      if (r.linkId().equals(uncatalogued)) {
        assertFalse(createdAt.containsKey(uncatalogued));
        continue;
      }
      Long created = createdAt.get(r.linkId());
      assertNotNull(created, "no created event for clicked link " + r.linkId());
      assertTrue(created < r.trueEventTime(), r.linkId() + " created after its click");
      checked++;
    }
    assertTrue(checked > 15_000, "valid clicks checked: " + checked);
    LinkLedger ledger = LinkLedger.of(events, traffic.linkProblems());
    assertEquals(
        3, ledger.expectedUnknownLinkClicks(clicks), "the uncatalogued link's three clicks");
  }

  @Test
  void everyPlantedProblemIsFoundOnceByTheLifecycleChecks() {
    Set<String> names =
        traffic.linkProblems().stream().map(PlantedLinkProblem::name).collect(Collectors.toSet());
    assertEquals(
        Set.of(
            PlantedLinkProblems.MISSING_UTM,
            PlantedLinkProblems.QR_CHANGED,
            PlantedLinkProblems.EXPIRING,
            PlantedLinkProblems.AFTER_DELETE,
            PlantedLinkProblems.AFTER_EXPIRY,
            PlantedLinkProblems.IMPORT,
            PlantedLinkProblems.REDIRECT_CHAIN,
            PlantedLinkProblems.UNCATALOGUED,
            PlantedLinkProblems.CAMPAIGN_ENDED),
        names);

    // Replays link events and clicks in event time through the pipeline's checks, one alert per
    // link, rule and version as the join makes them (its ordering is the pipeline's own business).
    LinkChecks checks = new LinkChecks(UtmTaxonomy.bundled(), LinkRules.DEFAULTS);
    LinkEventParser parser = new LinkEventParser(ValidationLimits.DEFAULTS);
    Map<String, LinkState> states = new HashMap<>();
    Set<String> alerted = new HashSet<>();
    Set<LinkLedger.ExpectedAlert> found = new TreeSet<>();
    int e = 0;
    for (GeneratedRecord click :
        clicks.stream()
            .filter(r -> r.kind() == GeneratedRecord.Kind.VALID && !r.test())
            .sorted(java.util.Comparator.comparingLong(GeneratedRecord::trueEventTime))
            .toList()) {
      for (; e < events.size() && events.get(e).eventTime() <= click.trueEventTime(); e++) {
        LinkEvent event = parser.parse(events.get(e).value(), events.get(e).eventTime()).event();
        LinkState before = states.get(event.linkId);
        for (LinkFinding f : checks.check(before, event)) {
          found.add(new LinkLedger.ExpectedAlert(f.check().code(), f.linkId(), null));
        }
        states.put(event.linkId, LinkState.apply(before, event));
      }
      LinkState link = states.get(click.linkId());
      if (link != null) {
        ClickOnLink.check(link, click.trueEventTime(), LinkRules.DEFAULTS)
            .filter(f -> alerted.add(f.check().code() + f.linkId() + link.version))
            .ifPresent(
                f -> found.add(new LinkLedger.ExpectedAlert(f.check().code(), f.linkId(), null)));
        link.clicked(click.trueEventTime());
      }
    }
    LinkLedger ledger = LinkLedger.of(events, traffic.linkProblems());
    Set<String> expected = keys(ledger.expectedAlerts());
    expected.remove("link_import_summary " + PlantedLinkProblems.IMPORT_CAMPAIGN.id());
    assertEquals(expected, keys(found));
    // The partners' own sources, unknown to the taxonomy: everyday links' expected alerts.
    assertTrue(
        ledger.expectedAlerts().stream()
            .anyMatch(a -> a.rule().equals("link_unknown_utm") && a.problem() == null));

    // The import: one import id on six links, two sharing a destination, one a short link.
    List<LinkEventRecord> imported =
        events.stream()
            .filter(
                x ->
                    PlantedLinkProblems.IMPORT.equals(x.problem())
                        || PlantedLinkProblems.REDIRECT_CHAIN.equals(x.problem()))
            .toList();
    assertEquals(6, imported.size());
    Set<String> importIds = new HashSet<>();
    Map<String, Integer> destinations = new HashMap<>();
    for (LinkEventRecord x : imported) {
      LinkEvent event = parser.parse(x.value(), x.eventTime()).event();
      importIds.add(event.importId);
      destinations.merge(event.destinationUrl, 1, Integer::sum);
    }
    assertEquals(1, importIds.size());
    assertEquals(List.of(2), destinations.values().stream().filter(n -> n > 1).toList());
    assertEquals(
        1, destinations.keySet().stream().filter(d -> d.startsWith("https://bit.ly/")).count());
  }

  @Test
  void aMillionLinksStreamInTimeOrderWithoutBeingHeld() {
    RealisticTraffic big = new RealisticTraffic(options().links(1_000_000).events(1_000).build());
    long n = 0;
    long created = 0;
    long previous = Long.MIN_VALUE;
    for (var it = big.linkEvents(); it.hasNext(); n++) {
      LinkEventRecord e = it.next();
      assertTrue(e.eventTime() >= previous);
      previous = e.eventTime();
      created += e.type().equals("created") ? 1 : 0;
    }
    assertTrue(created >= 1_000_000, "a created event per link: " + created);
    // About one in 25 links updated once, the planted ones a few more.
    assertTrue(n - created > 35_000 && n - created < 45_000, "updates: " + (n - created));
  }

  private static Set<String> keys(Set<LinkLedger.ExpectedAlert> alerts) {
    return alerts.stream()
        .map(a -> a.rule() + " " + a.subject())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static PlantedLinkProblem problem(String name) {
    return traffic.linkProblems().stream()
        .filter(p -> p.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  private static boolean isProblem(String incident) {
    return incident != null
        && traffic.linkProblems().stream().anyMatch(p -> p.name().equals(incident));
  }
}
