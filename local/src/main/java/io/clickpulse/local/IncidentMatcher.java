package io.clickpulse.local;

import io.clickpulse.local.AlertWatcher.SeenAlert;
import io.clickpulse.local.report.IncidentOutcome;
import io.clickpulse.stack.traffic.PlantedIncident;
import io.clickpulse.stack.traffic.TrafficRun.SentIncident;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Pairs each planted incident with the alert that reports it: same rule, about the incident's link
 * (or its campaign), and a window (an episode, or the day for once-a-day rules) that overlaps the
 * planted clicks in event time, give or take {@link #NEAR}.
 */
final class IncidentMatcher {
  /** How far an alert's window may lie from the planted clicks and still be about them. */
  static final Duration NEAR = Duration.ofMinutes(10);

  private final List<SeenAlert> firing;

  IncidentMatcher(List<SeenAlert> alerts) {
    this.firing =
        alerts.stream()
            .filter(a -> a.status().equals("firing"))
            .sorted(Comparator.comparing(SeenAlert::seenAt))
            .toList();
  }

  /**
   * @param webhookArrival when the first webhook about an alert id reached the receiver, or null
   */
  List<IncidentOutcome> outcomes(
      List<SentIncident> incidents, Function<String, Instant> webhookArrival) {
    List<IncidentOutcome> out = new ArrayList<>();
    for (SentIncident sent : incidents) {
      PlantedIncident p = sent.incident();
      // The link's own alert first, then the campaign's.
      Optional<SeenAlert> alert =
          firing.stream()
              .filter(a -> explains(p, a))
              .min(Comparator.comparing((SeenAlert a) -> a.linkId().isEmpty()));
      Instant delivered = alert.map(a -> webhookArrival.apply(a.alertId())).orElse(null);
      out.add(
          new IncidentOutcome(
              p.name(),
              p.description(),
              p.expectedRule(),
              p.linkId(),
              Instant.ofEpochMilli(p.from()),
              Instant.ofEpochMilli(p.to()),
              alert.map(SeenAlert::alertId).orElse(null),
              alert.map(SeenAlert::rule).orElse(null),
              alert.map(a -> Duration.between(sent.firstSent(), a.seenAt())).orElse(null),
              alert.isPresent() && delivered != null
                  ? Duration.between(alert.get().seenAt(), delivered)
                  : null));
    }
    return out;
  }

  /** Firing alerts that no planted incident explains: false alarms, as far as this run knows. */
  List<SeenAlert> unexplained(List<SentIncident> incidents) {
    return firing.stream()
        .filter(a -> incidents.stream().noneMatch(s -> explains(s.incident(), a)))
        .toList();
  }

  private static boolean explains(PlantedIncident p, SeenAlert a) {
    long near = NEAR.toMillis();
    return (a.rule().equals(p.expectedRule()) || alsoExpected(p, a))
        && a.windowStart() <= p.to() + near
        && a.windowEnd() >= p.from() - near
        && (a.linkId().equals(p.linkId())
            || a.linkId().isEmpty() && a.campaignId().equals(p.campaignId()));
  }

  /**
   * The broken destination is planted as 8 failing clicks a minute on top of the link's own (so
   * that a quiet link has enough errors): its traffic really rises, two to three times, and a spike
   * alert about those minutes is right, not a false alarm.
   */
  private static boolean alsoExpected(PlantedIncident p, SeenAlert a) {
    return p.expectedRule().equals("broken_redirect") && a.rule().equals("spike");
  }
}
