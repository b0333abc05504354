package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.deleted;
import static io.clickpulse.jobs.link.LinkEventsForTest.expiryScheduled;
import static io.clickpulse.jobs.link.LinkEventsForTest.updated;
import static io.clickpulse.jobs.link.LinkLifecycleFunctionTest.CHECKS;
import static io.clickpulse.jobs.link.LinkLifecycleFunctionTest.RETENTION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.link.LinkEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.Accumulator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The catalog joined with the clicks ({@link LinkLifecycleFunction}, input 2): stamping, the clicks
 * of unknown links, the click rules once per link and version, and no state left behind.
 */
class LinkCatalogJoinTest {
  private static final long MIN = 60_000;
  private static final long HOUR = 60 * MIN;

  /** Maria's clean campaign link, with everything the catalog stamps on clicks. */
  private static final String CATALOG =
      CLEAN
          + ",\"tags\":[\"winter\",\"nl\"],\"priority\":\"high\",\"contact_id\":\"hs-contact-88412\"";

  private KeyedTwoInputStreamOperatorTestHarness<String, LinkEvent, EnrichedClick, Alert> harness;
  private int clicks;

  @BeforeEach
  void open() throws Exception {
    harness = LinkLifecycleFunctionTest.harness(CHECKS);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(LinkEvent e) throws Exception {
    harness.processElement1(new StreamRecord<>(e, e.eventTime));
  }

  /** A human click on {@code linkId} at {@code time}, as enrichment leaves it. */
  private EnrichedClick click(String linkId, long time) throws Exception {
    ClickEvent e = new ClickEvent();
    e.eventId = "c-" + ++clicks;
    e.linkId = linkId;
    e.eventTime = time;
    EnrichedClick c = new EnrichedClick();
    c.click = e;
    c.botReason = "";
    return c;
  }

  private void send(EnrichedClick c) throws Exception {
    harness.processElement2(new StreamRecord<>(c, c.click.eventTime));
  }

  private void clickAt(String linkId, long time) throws Exception {
    send(click(linkId, time));
  }

  /** The clicks that went on, in order. */
  private List<EnrichedClick> out() {
    return harness.getSideOutput(LinkLifecycleFunction.CLICKS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  private EnrichedClick last() {
    List<EnrichedClick> out = out();
    return out.get(out.size() - 1);
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues();
  }

  private List<String> rules() {
    return alerts().stream().map(a -> a.rule).toList();
  }

  private long unknownLinks() {
    @SuppressWarnings("unchecked")
    Accumulator<Long, Long> counter =
        ((KeyedCoProcessOperator<String, LinkEvent, EnrichedClick, Alert>) harness.getOperator())
            .getUserFunction()
            .getRuntimeContext()
            .getAccumulator(LinkLifecycleFunction.UNKNOWN_LINK);
    return counter.getLocalValue();
  }

  @Test
  void clickBeforeItsLinkEventGoesOnUnstampedAndCountedThenTheNextOneIsStamped() throws Exception {
    clickAt("lnk-a", T0);
    assertEquals(1, out().size(), "never dropped");
    assertEquals("", last().campaignName);
    assertEquals("", last().linkOwner);
    assertEquals(List.of(), last().linkTags);
    assertEquals(1, unknownLinks());
    assertEquals(0, harness.numKeyedStateEntries(), "an unknown link writes no state");

    send(created("lnk-a", 1, T0 + 1000, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-a", T0 + 2000);

    EnrichedClick stamped = last();
    assertEquals("Winter sale 2026", stamped.campaignName);
    assertEquals("maria.jansen@acme.com", stamped.linkOwner);
    assertEquals(List.of("winter", "nl"), stamped.linkTags);
    assertEquals("high", stamped.linkPriority);
    assertEquals("hs-contact-88412", stamped.contactId);
    assertEquals("c-2", stamped.click.eventId, "the click itself goes on unchanged");
    assertEquals(1, unknownLinks(), "a known link is not counted");
    assertEquals(List.of(), alerts());
  }

  @Test
  void anUpdateStampsItsValuesAndAnOlderVersionIsIgnored() throws Exception {
    send(created("lnk-b", 1, T0, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-b", T0 + 1000);
    send(
        updated(
            "lnk-b",
            3,
            T0 + 2000,
            "https://shop.acme.com/sale",
            CLEAN
                .replace("Winter sale 2026", "Winter sale 2026 (NL)")
                .replace("maria.jansen@acme.com", "U012ABCDEF")));
    clickAt("lnk-b", T0 + 3000);
    send(created("lnk-b", 2, T0 + 4000, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-b", T0 + 5000);

    assertEquals(
        List.of(
            "Winter sale 2026 maria.jansen@acme.com [winter, nl] high",
            "Winter sale 2026 (NL) U012ABCDEF [] ",
            "Winter sale 2026 (NL) U012ABCDEF [] "),
        out().stream()
            .map(c -> c.campaignName + " " + c.linkOwner + " " + c.linkTags + " " + c.linkPriority)
            .toList(),
        "the update clears what it does not carry; version 2 after 3 changes nothing");
  }

  @Test
  void clicksAfterADeleteAlertOncePerVersionAndStillCarryTheLinksOwner() throws Exception {
    send(created("lnk-d", 1, T0, "https://shop.acme.com/sale", CATALOG));
    send(deleted("lnk-d", 2, T0 + HOUR));
    clickAt("lnk-d", T0 + HOUR - 1); // read after the delete, clicked before it: fine
    clickAt("lnk-d", T0 + HOUR);
    clickAt("lnk-d", T0 + 2 * HOUR);
    clickAt("lnk-d", T0 + 3 * HOUR);

    assertEquals(List.of("link_clicked_after_delete"), rules());
    Alert a = alerts().get(0);
    assertEquals("critical", a.severity);
    assertEquals("link", a.subjectType);
    assertEquals("lnk-d", a.subjectId);
    assertEquals("maria.jansen@acme.com", a.owner);
    assertEquals("cmp-winter", a.campaignId);
    assertEquals("Winter sale 2026", a.context.campaignName);
    assertEquals(T0 + HOUR, a.windowStart, "the first click after the delete");
    assertEquals("2026-12-05T21:00:00Z", a.evidence.get("deleted_at"));
    assertEquals("2026-12-05T21:00:00Z", a.evidence.get("clicked_at"));
    assertEquals("2", a.evidence.get("version"));
    JsonSchemas.assertValidAlert(a);
    assertEquals(4, out().size());
    out().forEach(c -> assertEquals("maria.jansen@acme.com", c.linkOwner));

    // Brought back and deleted again: a new version, so a new alert (with its own id).
    send(created("lnk-d", 3, T0 + 4 * HOUR, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-d", T0 + 4 * HOUR + 1);
    send(deleted("lnk-d", 4, T0 + 5 * HOUR));
    clickAt("lnk-d", T0 + 5 * HOUR + 1);
    clickAt("lnk-d", T0 + 5 * HOUR + 2);
    assertEquals(List.of("link_clicked_after_delete", "link_clicked_after_delete"), rules());
    assertEquals(2, alerts().stream().map(x -> x.alertId).distinct().count());
  }

  @Test
  void expiringWithTrafficAlertsOncePerVersionThenClicksAfterTheExpiryOnce() throws Exception {
    long expiresAt = T0 + 10 * HOUR;
    send(
        created(
            "lnk-e",
            1,
            T0,
            "https://shop.acme.com/sale",
            CATALOG + ",\"expires_at\":" + expiresAt));
    clickAt("lnk-e", expiresAt - 30 * HOUR); // 30 h before the expiry: outside the 24 h warning
    assertEquals(List.of(), alerts());
    clickAt("lnk-e", expiresAt - 3 * HOUR);
    clickAt("lnk-e", expiresAt - 2 * HOUR);
    assertEquals(List.of("link_expiring_while_clicked"), rules());
    Alert warning = alerts().get(0);
    assertEquals("warning", warning.severity);
    assertEquals("10800", warning.evidence.get("expires_in_seconds"));
    JsonSchemas.assertValidAlert(warning);

    // Rescheduled within the warning window: a new version, warned about once more.
    long later = expiresAt + 5 * HOUR;
    send(expiryScheduled("lnk-e", 2, T0 + 60 * MIN, later));
    clickAt("lnk-e", expiresAt - HOUR);
    clickAt("lnk-e", expiresAt + HOUR);
    assertEquals(List.of("link_expiring_while_clicked", "link_expiring_while_clicked"), rules());

    clickAt("lnk-e", later);
    clickAt("lnk-e", later + HOUR);
    assertEquals(
        List.of(
            "link_expiring_while_clicked",
            "link_expiring_while_clicked",
            "link_clicked_after_expiry"),
        rules());
    Alert expired = alerts().get(2);
    assertEquals("warning", expired.severity);
    assertEquals(later, expired.windowStart);
    JsonSchemas.assertValidAlert(expired);
    assertEquals(7, out().size());
  }

  @Test
  void clicksPastTheCampaignsEndAndItsGraceAlertOncePerVersion() throws Exception {
    long endsAt = T0 + 2 * HOUR;
    send(
        created(
            "lnk-c",
            1,
            T0,
            "https://shop.acme.com/sale",
            CATALOG + ",\"campaign_ends_at\":" + endsAt));
    clickAt("lnk-c", endsAt - MIN); // still running
    clickAt("lnk-c", endsAt + 30 * MIN); // a straggler within the 1 h grace
    assertEquals(List.of(), alerts());
    clickAt("lnk-c", endsAt + HOUR);
    clickAt("lnk-c", endsAt + 2 * HOUR);
    assertEquals(List.of("link_campaign_ended_still_clicked"), rules());
    Alert a = alerts().get(0);
    assertEquals("warning", a.severity);
    assertEquals(endsAt + HOUR, a.windowStart, "the first click past the grace");
    assertEquals("maria.jansen@acme.com", a.owner);
    assertTrue(a.reason.contains("Winter sale 2026"), a.reason);
    JsonSchemas.assertValidAlert(a);

    // The campaign extended by an update: quiet until the new end has passed.
    send(
        updated(
            "lnk-c",
            2,
            T0 + 5 * HOUR,
            "https://shop.acme.com/sale",
            CATALOG + ",\"campaign_ends_at\":" + (T0 + 10 * HOUR)));
    clickAt("lnk-c", T0 + 6 * HOUR);
    assertEquals(1, alerts().size());
    clickAt("lnk-c", T0 + 12 * HOUR);
    assertEquals(
        List.of("link_campaign_ended_still_clicked", "link_campaign_ended_still_clicked"), rules());
    assertEquals(2, alerts().stream().map(x -> x.alertId).distinct().count());
  }

  @Test
  void testTrafficAndBotsAreStampedButNeverAlert() throws Exception {
    send(created("lnk-t", 1, T0, "https://shop.acme.com/sale", CATALOG));
    send(deleted("lnk-t", 2, T0 + 1000));
    EnrichedClick test = click("lnk-t", T0 + 2000);
    test.click.isTest = true;
    send(test);
    EnrichedClick bot = click("lnk-t", T0 + 3000);
    bot.isBot = true;
    bot.botReason = "crawler";
    send(bot);
    assertEquals(List.of(), alerts());
    assertEquals(List.of("Winter sale 2026", "Winter sale 2026"), campaignNames());
  }

  private List<String> campaignNames() {
    return out().stream().map(c -> c.campaignName).toList();
  }

  @Test
  void clicksMakeTheCampaignRunningForTheDestinationChangeRule() throws Exception {
    send(created("lnk-r", 1, T0, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-r", T0 + 10 * MIN);
    send(updated("lnk-r", 2, T0 + 20 * MIN, "https://shop.acme.com/other", CATALOG));
    assertEquals(List.of("link_destination_changed"), rules());
    assertEquals(
        "2026-12-05T20:10:00Z",
        alerts().get(0).evidence.get("last_click_at"),
        "the click's time, recorded by the join");
  }

  @Test
  void aDeletedLinksStateAndAlertMarksAreGoneAfterTheRetentionWithNoTimerLeft() throws Exception {
    send(created("lnk-g", 1, T0, "https://shop.acme.com/sale", CATALOG));
    clickAt("lnk-g", T0 + MIN);
    send(deleted("lnk-g", 2, T0 + 2 * MIN));
    clickAt("lnk-g", T0 + 3 * MIN); // writes the alert mark
    assertEquals(List.of("link_clicked_after_delete"), rules());
    assertEquals(2, harness.numKeyedStateEntries(), "the link and its alert marks");
    assertEquals(1, harness.numEventTimeTimers());

    harness.processBothWatermarks(new Watermark(T0 + 2 * MIN + RETENTION.toMillis()));
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());

    clickAt("lnk-g", T0 + 2 * MIN + RETENTION.toMillis() + 1);
    assertEquals("", last().campaignName, "forgotten: unknown again");
    assertEquals(1, unknownLinks());
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(new ArrayList<>(List.of("link_clicked_after_delete")), rules());
  }
}
