package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.local.AlertWatcher.SeenAlert;
import io.clickpulse.stack.traffic.LinkEventRecord;
import io.clickpulse.stack.traffic.LinkLedger;
import io.clickpulse.stack.traffic.PlantedLinkProblem;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pairs planted lifecycle problems with their alerts; tells expected lifecycle alerts apart. */
class LifecycleAlertsTest {
  private static final long T = 1_790_000_000_000L;

  private static final List<PlantedLinkProblem> PROBLEMS =
      List.of(
          new PlantedLinkProblem(
              "clicked after delete", "d", "link_clicked_after_delete", "lnk-d", T),
          new PlantedLinkProblem("bulk import", "i", "link_import_summary", "cmp-import", T),
          new PlantedLinkProblem("uncatalogued link", "u", null, "lnk-u", T));

  /** A partner link's unknown source: expected, though not planted. */
  private static final List<LinkEventRecord> EVENTS =
      List.of(
          new LinkEventRecord(
              "lnk-p", new byte[0], "created", T, 1, "partners", null, "link_unknown_utm"),
          new LinkEventRecord("lnk-d", new byte[0], "created", T, 1, "retarget", null, null),
          new LinkEventRecord("lnk-d", new byte[0], "deleted", T, 2, "retarget", null, null));

  @Test
  void eachPlantedProblemFindsItsAlertByRuleAndSubject() {
    List<SeenAlert> alerts =
        List.of(
            alert("a1", "firing", "link_clicked_after_delete", "lnk-d", "cmp-r"),
            // The summary is about the import's campaign: no link id.
            alert("a2", "firing", "link_import_summary", "", "cmp-import"),
            alert("a3", "firing", "link_unknown_utm", "lnk-p", "cmp-p"),
            alert("a4", "firing", "link_missing_utm", "lnk-x", "cmp-x"),
            alert("a5", "firing", "spike", "lnk-d", "cmp-r"),
            alert("a1", "resolved", "link_clicked_after_delete", "lnk-d", "cmp-r"));
    LifecycleAlerts lifecycle = new LifecycleAlerts(alerts, LinkLedger.of(EVENTS, PROBLEMS));

    List<LifecycleAlerts.Outcome> outcomes = lifecycle.outcomes();
    assertEquals("a1", outcomes.get(0).alert().alertId());
    assertEquals("a2", outcomes.get(1).alert().alertId());
    assertNull(outcomes.get(2).alert(), "no rule reports an uncatalogued link");
    assertTrue(lifecycle.allDetected());
    assertEquals(
        Map.of(
            "link_clicked_after_delete", 1L,
            "link_import_summary", 1L,
            "link_unknown_utm", 1L,
            "link_missing_utm", 1L),
        lifecycle.byRule());
    assertTrue(lifecycle.expected(alerts.get(2)), "the partner's unknown source is expected");
    assertFalse(lifecycle.expected(alerts.get(3)), "a missing UTM nobody planted is not");
    assertFalse(lifecycle.expected(alerts.get(4)), "a click rule's alert is no lifecycle alert");
    List<String> lines = lifecycle.lines();
    assertTrue(lines.get(0).startsWith("Lifecycle alerts: 4 "), lines.get(0));
    assertTrue(
        lines.stream().anyMatch(l -> l.contains("e.g. link_missing_utm lnk-x")), lines.toString());
  }

  @Test
  void aProblemWithoutItsAlertIsNotDetected() {
    LifecycleAlerts lifecycle =
        new LifecycleAlerts(
            List.of(alert("a9", "firing", "link_clicked_after_expiry", "lnk-d", "cmp-r")),
            LinkLedger.of(EVENTS, PROBLEMS));
    assertFalse(lifecycle.allDetected());
    assertTrue(
        lifecycle.lines().stream()
            .anyMatch(l -> l.contains("NOT DETECTED (expected link_clicked_after_delete)")));
  }

  private static SeenAlert alert(
      String id, String status, String rule, String linkId, String campaignId) {
    return new SeenAlert(
        id, status, rule, "link", linkId, campaignId, T, T, "reason of " + id, Instant.EPOCH);
  }
}
