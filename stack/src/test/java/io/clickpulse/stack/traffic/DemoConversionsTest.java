package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.conversion.ConversionEventParser;
import io.clickpulse.udf.conversion.ConversionParseResult;
import io.clickpulse.udf.enrich.ClickEnricher;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ValidationLimits;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkEventParser;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The demo's conversions and qualified contact (docs/traffic.md, "Conversions and a qualified
 * contact"): consistent with the clicks, valid for the pipeline's own parsers (but the one
 * malformed), deterministic, and leaving the clicks unchanged.
 */
class DemoConversionsTest {
  private static final long MINUTE = 60_000;
  private static final long END = Instant.parse("2026-03-10T16:00:00Z").toEpochMilli();

  private static RealisticTraffic traffic;
  private static List<GeneratedRecord> clicks;
  private static List<ConversionRecord> conversions;
  private static List<LinkEventRecord> linkEvents;

  private static RealisticTraffic.Options.Builder options() {
    return RealisticTraffic.Options.builder()
        .seed(11)
        .events(20_000)
        .span(Duration.ofHours(10))
        .end(END)
        .links(100)
        .producers(8)
        .producerSkew(Duration.ofMinutes(4))
        .wallClock(() -> END + 2_000)
        .linkEvents(true);
  }

  /** Takes the records and conversions in arrival order, as {@link TrafficRun} sends them. */
  private static List<ConversionRecord> run(RealisticTraffic t, List<GeneratedRecord> out) {
    DemoConversions planted = t.conversions();
    List<ConversionRecord> sent = new ArrayList<>();
    while (t.hasNext()) {
      if (planted.hasDue(t.nextArrivalTime())) {
        sent.add(planted.next());
      } else {
        out.add(t.next());
      }
    }
    while (planted.hasRemaining()) {
      sent.add(planted.next());
    }
    return sent;
  }

  @BeforeAll
  static void generate() {
    traffic = new RealisticTraffic(options().build());
    linkEvents = new ArrayList<>();
    traffic.linkEvents().forEachRemaining(linkEvents::add);
    clicks = new ArrayList<>();
    conversions = run(traffic, clicks);
  }

  @Test
  void conversionsLeaveTheClicksAsTheyWere() {
    List<GeneratedRecord> without = RealisticTraffic.generate(options().build());
    assertEquals(without.size(), clicks.size());
    for (int i = 0; i < clicks.size(); i++) {
      assertArrayEquals(without.get(i).value(), clicks.get(i).value(), "record " + i);
    }
  }

  @Test
  void sameSeedSameConversions() {
    List<ConversionRecord> again = run(new RealisticTraffic(options().build()), new ArrayList<>());
    assertEquals(conversions.size(), again.size());
    for (int i = 0; i < conversions.size(); i++) {
      assertArrayEquals(conversions.get(i).value(), again.get(i).value(), "conversion " + i);
    }
  }

  @Test
  void steadyPlantsNone() {
    List<ConversionRecord> none =
        run(
            new RealisticTraffic(options().scenario("steady").linkEvents(false).build()),
            new ArrayList<>());
    assertEquals(List.of(), none);
  }

  @Test
  void everyConversionFollowsAHumanClickOfItsVisitorAndParses() {
    Map<String, GeneratedRecord> byId = new HashMap<>();
    for (GeneratedRecord r : clicks) {
      if (r.kind() == GeneratedRecord.Kind.VALID) {
        byId.put(r.key(), r);
      }
    }
    ClickEventParser clickParser = new ClickEventParser(ValidationLimits.DEFAULTS);
    ClickEnricher enricher =
        new ClickEnricher(
            UtmTaxonomy.bundled(), new UserAgentClassifier(100), "demo-conversions-test-secret");
    ConversionEventParser parser = new ConversionEventParser(ValidationLimits.DEFAULTS);
    long previousArrival = Long.MIN_VALUE;
    for (ConversionRecord c : conversions) {
      assertTrue(c.arrivalTime() >= previousArrival, "in arrival order: " + c.key());
      previousArrival = c.arrivalTime();
      assertTrue(c.arrivalTime() <= END, "arrives within the span: " + c.key());
      ConversionParseResult parsed = parser.parse(c.value(), c.arrivalTime());
      if (c.expectedReason() != null) {
        assertFalse(parsed.isValid(), c.key());
        assertEquals(c.expectedReason(), parsed.rejection().reason().code());
        continue;
      }
      assertTrue(parsed.isValid(), parsed + ": " + new String(c.value()));
      ConversionEvent event = parsed.event();
      assertEquals(c.key(), event.conversionId);
      assertEquals(c.type(), event.type.name().toLowerCase(java.util.Locale.ROOT));
      assertEquals(c.eventTime(), event.eventTime);
      if (c.amount() != null) {
        assertEquals(0, new BigDecimal(c.amount()).compareTo(event.amount));
        assertEquals(c.currency(), event.currency);
      } else {
        assertEquals("sale".equals(c.type()), false, "sales carry an amount");
      }
      assertEquals(c.contactId(), event.contactId, c.key());
      if (c.clickId() == null) {
        assertEquals("none", c.expectedModel());
        assertNotNull(event.contactId, "known by contact only: " + c.key());
        continue;
      }
      if (c.creditedByContact()) {
        // The qualified contact's lead: no click id, no visitor; its contact's last click.
        PlantedContact contact = traffic.qualifiedContact();
        assertNull(event.clickId);
        assertNull(event.visitorIp);
        assertEquals(contact.contactId(), event.contactId);
        assertEquals(contact.clickIds().get(contact.clicks() - 1), c.clickId());
        assertEquals(contact.linkIds().get(contact.clicks() - 1), c.linkId());
        assertTrue(c.eventTime() > contact.signalAt(), "after the contact's last click");
        continue;
      }
      assertEquals("last_click", c.expectedModel());
      GeneratedRecord click = byId.get(c.clickId());
      assertNotNull(click, "no valid click " + c.clickId());
      assertEquals(c.linkId(), click.linkId());
      assertFalse(click.test() || click.late() || click.skewed(), c.clickId());
      assertNull(click.incident(), c.clickId());
      assertTrue(click.arrivalTime() < c.arrivalTime(), "the click arrives first");
      long after = c.eventTime() - click.eventTime();
      assertTrue(after >= MINUTE && after < 15 * MINUTE, "minutes after its click: " + after);
      ClickEvent clickEvent = clickParser.parse(click.value(), click.arrivalTime()).event();
      assertEquals(302, (int) clickEvent.redirectStatus);
      if (event.visitorIp != null) {
        assertEquals(clickEvent.ip, event.visitorIp);
        assertEquals(clickEvent.userAgent, event.visitorUserAgent);
      }
      // The pipeline's own bot verdict (enrichment clears the address, so it comes last).
      EnrichedClick enriched = enricher.enrich(clickEvent);
      assertFalse(enriched.isBot, "a human click: " + clickEvent.userAgent);
    }
  }

  @Test
  void aSmallShareOfMixedConversionsOneLateOneMalformed() {
    ConversionLedger ledger = ConversionLedger.of(conversions);
    long humanClicks =
        clicks.stream()
            .filter(
                r ->
                    r.kind() == GeneratedRecord.Kind.VALID
                        && !r.test()
                        && !r.skewed()
                        && r.incident() == null)
            .count();
    double share = ledger.valid() / (double) humanClicks;
    assertTrue(share > 0.01 && share < 0.04, "share of clicks converting: " + share);
    assertEquals(Set.of("lead", "sale", "signup"), ledger.byType().keySet());
    assertTrue(ledger.revenueByCurrency().keySet().containsAll(Set.of("EUR", "USD")));
    assertTrue(ledger.unattributed() > 0, "some known by a contact no click names");
    assertNotNull(ledger.byContact(), "the qualified contact's lead");
    assertEquals(Map.of("invalid_amount", 1L), ledger.rejectsByReason());
    assertEquals(
        ledger.attributed(),
        ledger.attributedByLinkAndType().values().stream()
            .flatMap(m -> m.values().stream())
            .mapToLong(Long::longValue)
            .sum());

    ConversionRecord late = ledger.late();
    assertNotNull(late);
    assertEquals(1, conversions.stream().filter(ConversionRecord::late).count());
    assertEquals("last_click", late.expectedModel());
    assertEquals(DemoConversions.LATE_DELAY, late.arrivalTime() - late.eventTime(), "hours late");
  }

  @Test
  void theQualifiedContactClicksTwoPricingLinksMadeForThem() {
    PlantedContact contact = traffic.qualifiedContact();
    assertNotNull(contact);
    assertEquals(2, contact.clicks());
    assertTrue(contact.window().compareTo(Duration.ofMinutes(30)) < 0, "" + contact.window());

    LinkEventParser parser = new LinkEventParser(ValidationLimits.DEFAULTS);
    Map<String, Long> contactLinksCreated = new TreeMap<>();
    for (LinkEventRecord e : linkEvents) {
      LinkEvent event = parser.parse(e.value(), e.eventTime()).event();
      boolean pricing = event.tags != null && event.tags.contains(contact.tag());
      if (contact.linkIds().contains(e.linkId())) {
        assertTrue(pricing, "tagged: " + e.linkId());
        assertEquals(contact.contactId(), event.contactId);
        contactLinksCreated.put(e.linkId(), e.eventTime());
      } else {
        assertFalse(pricing, "no other link is tagged " + contact.tag() + ": " + e.linkId());
      }
    }
    assertEquals(new TreeSet<>(contact.linkIds()), contactLinksCreated.keySet());

    List<GeneratedRecord> contactClicks =
        clicks.stream()
            .filter(r -> r.kind() == GeneratedRecord.Kind.VALID)
            .filter(r -> PlantedContact.NAME.equals(r.incident()))
            .toList();
    assertEquals(contact.linkIds(), contactClicks.stream().map(GeneratedRecord::linkId).toList());
    assertEquals(
        contact.clickTimes(), contactClicks.stream().map(GeneratedRecord::eventTime).toList());
    assertEquals(contact.clickIds(), contactClicks.stream().map(GeneratedRecord::key).toList());
    ClickEventParser clickParser = new ClickEventParser(ValidationLimits.DEFAULTS);
    Set<String> visitors = new TreeSet<>();
    for (GeneratedRecord r : contactClicks) {
      assertFalse(r.test() || r.late() || r.skewed());
      assertTrue(contactLinksCreated.get(r.linkId()) < r.eventTime() - 5 * MINUTE);
      ClickEvent click = clickParser.parse(r.value(), r.arrivalTime()).event();
      visitors.add(click.ip + " " + click.userAgent);
    }
    assertEquals(1, visitors.size(), "one person: " + visitors);
  }
}
