package io.clickpulse.local;

import io.clickpulse.local.AlertWatcher.SeenAlert;
import io.clickpulse.stack.traffic.LinkLedger;
import io.clickpulse.stack.traffic.PlantedLinkProblem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The link lifecycle alerts of a run (rules {@code link_*}, docs/links.md) against the generator's
 * {@link LinkLedger}: each planted lifecycle problem paired with its alert, the alerts the ledger
 * expects (planted, or a partner link's unknown UTM source) told apart from any other.
 */
final class LifecycleAlerts {
  /** A planted problem and the alert that reports it (null: none). */
  record Outcome(PlantedLinkProblem problem, SeenAlert alert) {
    boolean detected() {
      return problem.expectedRule() == null || alert != null;
    }
  }

  private final List<SeenAlert> lifecycle;
  private final LinkLedger ledger;
  private final Set<String> expected;

  LifecycleAlerts(List<SeenAlert> alerts, LinkLedger ledger) {
    this.lifecycle =
        alerts.stream()
            .filter(a -> a.status().equals("firing") && isLifecycle(a))
            .sorted(Comparator.comparing(SeenAlert::seenAt))
            .toList();
    this.ledger = ledger;
    this.expected =
        ledger.expectedAlerts().stream()
            .map(a -> a.rule() + " " + a.subject())
            .collect(Collectors.toSet());
  }

  static boolean isLifecycle(SeenAlert a) {
    return a.rule().startsWith("link_");
  }

  /**
   * The alert's subject as the ledger names it: its link, or for an import summary the campaign.
   */
  static String subject(SeenAlert a) {
    return a.linkId().isEmpty() ? a.campaignId() : a.linkId();
  }

  /** Whether the ledger expects {@code a}: a lifecycle alert that is no false alarm. */
  boolean expected(SeenAlert a) {
    return isLifecycle(a) && expected.contains(a.rule() + " " + subject(a));
  }

  /** Firing lifecycle alerts per rule, sorted. */
  Map<String, Long> byRule() {
    return lifecycle.stream()
        .collect(Collectors.groupingBy(SeenAlert::rule, TreeMap::new, Collectors.counting()));
  }

  List<Outcome> outcomes() {
    List<Outcome> out = new ArrayList<>();
    for (PlantedLinkProblem p : ledger.problems()) {
      Optional<SeenAlert> alert =
          p.expectedRule() == null
              ? Optional.empty()
              : lifecycle.stream()
                  .filter(a -> a.rule().equals(p.expectedRule()) && subject(a).equals(p.subject()))
                  .findFirst();
      out.add(new Outcome(p, alert.orElse(null)));
    }
    return out;
  }

  boolean allDetected() {
    return outcomes().stream().allMatch(Outcome::detected);
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            "Lifecycle alerts: %d %s; %d link events sent %s",
            lifecycle.size(), byRule(), ledger.events(), new TreeMap<>(ledger.eventsByType())));
    for (Outcome o : outcomes()) {
      PlantedLinkProblem p = o.problem();
      out.add(
          String.format(
              "  %-24s %-22s %s",
              p.name(),
              p.subject(),
              p.expectedRule() == null
                  ? "no rule (" + p.description() + ")"
                  : o.alert() == null
                      ? "NOT DETECTED (expected " + p.expectedRule() + ")"
                      : p.expectedRule()
                          + " alert "
                          + o.alert().alertId()
                          + ": "
                          + o.alert().reason()));
    }
    // An example of each rule the planted problems do not show (a partner's unknown UTM source).
    Set<String> shown =
        outcomes().stream()
            .filter(o -> o.alert() != null)
            .map(o -> o.alert().rule())
            .collect(Collectors.toSet());
    lifecycle.stream()
        .filter(a -> !shown.contains(a.rule()))
        .collect(Collectors.toMap(SeenAlert::rule, a -> a, (a, b) -> a, TreeMap::new))
        .values()
        .forEach(a -> out.add("  e.g. " + a.rule() + " " + subject(a) + ": " + a.reason()));
    return out;
  }
}
