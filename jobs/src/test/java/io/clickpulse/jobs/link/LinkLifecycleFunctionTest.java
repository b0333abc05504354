package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.NO_UTM;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.deleted;
import static io.clickpulse.jobs.link.LinkEventsForTest.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.link.LinkChecks;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkRules;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LinkLifecycleFunctionTest {
  static final Duration RETENTION = Duration.ofDays(30);

  static final LinkChecks CHECKS =
      new LinkChecks(
          UtmTaxonomy.bundled(),
          new LinkRules(
              LinkRules.KNOWN_SHORTENERS,
              Set.of("go.acme.com"),
              Duration.ofHours(24),
              Duration.ofHours(24),
              LinkRules.DEFAULTS.requiredUtm()));

  private KeyedTwoInputStreamOperatorTestHarness<String, LinkEvent, EnrichedClick, Alert> harness;

  /** The operator as the job runs it: link events on input 1, enriched clicks on input 2. */
  static KeyedTwoInputStreamOperatorTestHarness<String, LinkEvent, EnrichedClick, Alert> harness(
      LinkChecks checks) throws Exception {
    return new KeyedTwoInputStreamOperatorTestHarness<>(
        new KeyedCoProcessOperator<>(
            new LinkLifecycleFunction(checks, new LinkAlerts(AlertRules.bundled()), RETENTION)),
        e -> e.linkId,
        c -> c.click.linkId,
        Types.STRING);
  }

  @BeforeEach
  void open() throws Exception {
    harness = harness(CHECKS);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(LinkEvent e) throws Exception {
    harness.processElement1(new StreamRecord<>(e, e.eventTime));
  }

  private List<Alert> alerts() {
    return harness.extractOutputValues();
  }

  private List<LinkRow> rows() {
    return harness.getSideOutput(LinkLifecycleFunction.ROWS).stream()
        .map(StreamRecord::getValue)
        .toList();
  }

  @Test
  void campaignLinkCreatedWithoutUtmAlertsOnceAtCreationWithWhatIsKnown() throws Exception {
    send(created("lnk-a", 1, T0, "https://shop.acme.com/sale", NO_UTM));
    // The same problem kept by an update, and a redelivery of the creation: quiet.
    send(updated("lnk-a", 2, T0 + 60_000, "https://shop.acme.com/sale2", NO_UTM));
    send(created("lnk-a", 1, T0, "https://shop.acme.com/sale", NO_UTM));

    assertEquals(1, alerts().size(), alerts().toString());
    Alert a = alerts().get(0);
    assertEquals("link_missing_utm", a.rule);
    assertEquals("warning", a.severity);
    assertEquals("link", a.subjectType);
    assertEquals("lnk-a", a.subjectId);
    assertEquals("cmp-winter", a.campaignId);
    assertEquals("maria.jansen@acme.com", a.owner);
    assertEquals(T0, a.windowStart);
    assertEquals("utm_source, utm_medium, utm_campaign", a.evidence.get("missing"));
    assertEquals("https://go.acme.com/lnk-a", a.context.shortUrl);
    assertEquals("https://shop.acme.com/sale", a.context.destinationUrl);
    assertEquals("go.acme.com", a.context.linkDomain);
    assertEquals("Winter sale 2026", a.context.campaignName);
    assertTrue(a.reason.startsWith("Link lnk-a of campaign Winter sale 2026 created without"));
    JsonSchemas.assertValidAlert(a);
    assertEquals(List.of(1L, 2L), rows().stream().map(r -> r.link.version).toList());
  }

  @Test
  void eachFindingOfACreationIsItsOwnAlert() throws Exception {
    send(
        created(
            "lnk-b",
            1,
            T0,
            "https://bit.ly/3xYz",
            "\"utm_source\":\"newsleter\",\"utm_medium\":\"email\",\"utm_campaign\":\"w\","
                + "\"custom_domain\":\"promo.example.org\",\"owner\":\"U012ABCDEF\""));
    assertEquals(
        List.of("link_unknown_utm", "link_redirect_chain", "link_unexpected_domain"),
        alerts().stream().map(a -> a.rule).toList());
    alerts().forEach(JsonSchemas::assertValidAlert);
    assertEquals("U012ABCDEF", alerts().get(1).owner);
    assertEquals("bit.ly", alerts().get(1).evidence.get("destination_host"));
    assertEquals("promo.example.org", alerts().get(2).evidence.get("link_domain"));
  }

  @Test
  void destinationChangeBeforeAnyClickIsQuiet() throws Exception {
    // link_(qr_)destination_changed needs the link's last click (LinkState.lastClickAt), which
    // the click join records (LinkCatalogJoinTest); before launch a change is normal.
    String qr = CLEAN + ",\"qr_code_id\":\"qr-poster-ams-01\"";
    send(created("lnk-q", 1, T0, "https://shop.acme.com/sale", qr));
    send(updated("lnk-q", 2, T0 + 60_000, "https://shop.acme.com/other", qr));
    assertEquals(List.of(), alerts());
    assertEquals("https://shop.acme.com/other", rows().get(1).link.destinationUrl);
  }

  @Test
  void olderVersionIsIgnoredAndWritesNoRow() throws Exception {
    send(created("lnk-c", 5, T0, "https://shop.acme.com/a", CLEAN));
    send(updated("lnk-c", 3, T0 + 1000, "https://bit.ly/old", NO_UTM));
    assertEquals(List.of(), alerts());
    assertEquals(1, rows().size());
    assertEquals("https://shop.acme.com/a", rows().get(0).link.destinationUrl);
  }

  @Test
  void deletedLinkIsKeptForTheRetentionThenForgottenWithoutLeakingTimers() throws Exception {
    send(created("lnk-d", 1, T0, "https://shop.acme.com/a", CLEAN));
    send(deleted("lnk-d", 2, T0 + 1000));
    assertEquals(1, harness.numKeyedStateEntries());
    assertEquals(1, harness.numEventTimeTimers());
    LinkRow row = rows().get(1);
    assertEquals("deleted", row.eventType);
    assertTrue(row.link.deleted);
    assertEquals("maria.jansen@acme.com", row.link.owner, "a deleted link keeps its fields");

    harness.processBothWatermarks(new Watermark(T0 + 1000 + RETENTION.toMillis() - 1));
    assertEquals(1, harness.numKeyedStateEntries(), "still within the retention");
    harness.processBothWatermarks(new Watermark(T0 + 1000 + RETENTION.toMillis()));
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
    assertEquals(List.of(), alerts());
  }

  @Test
  void linkBroughtBackAfterDeleteCancelsItsTimerAndIsCheckedAsNew() throws Exception {
    send(created("lnk-e", 1, T0, "https://shop.acme.com/a", NO_UTM));
    send(deleted("lnk-e", 2, T0 + 1000));
    send(created("lnk-e", 3, T0 + 2000, "https://shop.acme.com/a", NO_UTM));
    assertEquals(0, harness.numEventTimeTimers());
    assertEquals(1, harness.numKeyedStateEntries());
    assertEquals(
        List.of("link_missing_utm", "link_missing_utm"),
        alerts().stream().map(a -> a.rule).toList(),
        "after a delete the link is checked as new");
    assertEquals(2, alerts().stream().map(a -> a.alertId).distinct().count());
  }

  @Test
  void importedEventsGoToTheImportSideOutputOnlyWhenAccepted() throws Exception {
    String imported = CLEAN + ",\"import_id\":\"imp-1\"";
    send(created("lnk-f", 2, T0, "https://shop.acme.com/a", imported));
    send(created("lnk-f", 1, T0, "https://shop.acme.com/a", imported));
    send(created("lnk-g", 1, T0, "https://shop.acme.com/b", CLEAN));
    assertEquals(
        List.of("lnk-f"),
        harness.getSideOutput(LinkLifecycleFunction.IMPORTED).stream()
            .map(r -> r.getValue().linkId)
            .toList());
  }
}
