package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.clickpulse.local.AlertWatcher.SeenAlert;
import io.clickpulse.local.report.IncidentOutcome;
import io.clickpulse.stack.traffic.PlantedIncident;
import io.clickpulse.stack.traffic.TrafficRun.SentIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IncidentMatcherTest {
  private static final long T = 1_790_000_000_000L;
  private static final long MINUTE = 60_000;
  private static final Instant SENT = Instant.ofEpochMilli(5_000_000);

  private static final SentIncident SPIKE =
      sent("spike", "spike", "cmp-video", "lnk-video-0", T, T + 3 * MINUTE);
  private static final SentIncident MISSING_UTM =
      sent("missing UTM", "missing_utm", "cmp-partners", "lnk-partners-7", T, T + 8 * MINUTE);

  @Test
  void prefersTheLinksOwnAlertAndTimesDetectionAndDelivery() {
    SeenAlert campaign = alert("c1", "spike", "", "cmp-video", T + MINUTE, T + 3 * MINUTE, 4);
    SeenAlert link =
        alert("l1", "spike", "lnk-video-0", "cmp-video", T + MINUTE, T + 3 * MINUTE, 6);
    var matcher = new IncidentMatcher(List.of(campaign, link));

    IncidentOutcome outcome =
        matcher.outcomes(List.of(SPIKE), Map.of("l1", SENT.plusSeconds(7))::get).get(0);

    assertEquals("l1", outcome.alertId());
    assertEquals(Duration.ofSeconds(6), outcome.detection());
    assertEquals(Duration.ofSeconds(1), outcome.delivery());
    // The campaign's alert is explained by the same planted spike: not a false alarm.
    assertEquals(List.of(), matcher.unexplained(List.of(SPIKE)));
  }

  @Test
  void aOnceADayAlertMatchesThroughItsDayLongWindow() {
    long day = T - T % (24 * 60 * MINUTE);
    SeenAlert daily =
        alert(
            "d1", "missing_utm", "lnk-partners-7", "cmp-partners", day, day + 24 * 60 * MINUTE, 3);
    IncidentOutcome outcome =
        new IncidentMatcher(List.of(daily)).outcomes(List.of(MISSING_UTM), id -> null).get(0);
    assertEquals("d1", outcome.alertId());
    assertNull(outcome.delivery(), "not delivered");
  }

  @Test
  void anAlertOfAnotherRuleLinkOrTimeIsNotTheIncidentsAndIsReportedAsUnexplained() {
    List<SeenAlert> others =
        List.of(
            alert("x1", "drop", "lnk-video-0", "cmp-video", T, T + MINUTE, 2),
            alert("x2", "spike", "lnk-other-1", "cmp-other", T, T + MINUTE, 2),
            alert("x3", "spike", "lnk-video-0", "cmp-video", T + 60 * MINUTE, T + 62 * MINUTE, 2));
    var matcher = new IncidentMatcher(others);
    IncidentOutcome outcome = matcher.outcomes(List.of(SPIKE), id -> null).get(0);
    assertFalse(outcome.detected());
    assertEquals(3, matcher.unexplained(List.of(SPIKE)).size());
  }

  private static SentIncident sent(
      String name, String rule, String campaign, String link, long from, long to) {
    return new SentIncident(
        new PlantedIncident(name, name, rule, campaign, link, from, to), SENT, SENT);
  }

  private static SeenAlert alert(
      String id, String rule, String link, String campaign, long start, long end, int seenAfter) {
    return new SeenAlert(
        id,
        "firing",
        rule,
        link.isEmpty() ? "campaign" : "link",
        link,
        campaign,
        start,
        end,
        "",
        SENT.plusSeconds(seenAfter));
  }
}
