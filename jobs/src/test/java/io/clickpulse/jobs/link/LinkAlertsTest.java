package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkFinding;
import io.clickpulse.udf.link.LinkState;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Destination changes on a link clicked shortly before: the findings need the link's last click,
 * which the click join (part 3) records; here it is set on the state as the join will.
 */
class LinkAlertsTest {
  private static final LinkAlerts ALERTS = new LinkAlerts(AlertRules.bundled());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a QR link | ,\"qr_code_id\":\"qr-poster-ams-01\" | link_qr_destination_changed | critical"
            + " | QR code qr-poster-ams-01: link lnk-q now goes to https://shop.acme.com/other"
            + " instead of https://shop.acme.com/sale while it is being clicked.",
        "a plain link | '' | link_destination_changed | warning"
            + " | Link lnk-q now goes to https://shop.acme.com/other instead of"
            + " https://shop.acme.com/sale while it is being clicked.",
      })
  void changedDestinationOfAClickedLinkNamesOldAndNew(
      String name, String extra, String rule, String severity, String reason) {
    LinkEvent create = created("lnk-q", 1, T0, "https://shop.acme.com/sale", CLEAN + extra);
    LinkState clicked = LinkState.apply(null, create);
    clicked.clicked(T0 + 3_600_000);
    LinkEvent update =
        updated("lnk-q", 2, T0 + 7_200_000, "https://shop.acme.com/other", CLEAN + extra);
    List<LinkFinding> findings = LinkLifecycleFunctionTest.CHECKS.check(clicked, update);
    assertEquals(1, findings.size(), findings.toString());
    Alert a = ALERTS.finding(findings.get(0), LinkState.apply(clicked, update), update.eventTime);
    assertEquals(rule, a.rule);
    assertEquals(severity, a.severity);
    assertEquals(reason, a.reason);
    assertEquals("https://shop.acme.com/sale", a.evidence.get("old_destination"));
    assertEquals("https://shop.acme.com/other", a.evidence.get("new_destination"));
    assertEquals("2026-12-05T21:00:00Z", a.evidence.get("last_click_at"));
    assertEquals("https://shop.acme.com/other", a.context.destinationUrl);
    assertEquals("2", a.evidence.get("version"));
    JsonSchemas.assertValidAlert(a);
  }
}
