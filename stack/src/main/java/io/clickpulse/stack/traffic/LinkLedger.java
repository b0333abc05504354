package io.clickpulse.stack.traffic;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the pipeline must make of generated link events, from the events and the planted problems
 * alone: the lifecycle alerts (rule and subject) that must fire once each, the campaign name each
 * catalogued link's clicks must carry, and which links no event announced (their clicks count in
 * {@code clicks_unknown_link}). {@link #of} keeps one entry per link (for tests); a run's ledger
 * ({@link TrafficRun}) only counts, and keeps the expected alerts.
 */
public final class LinkLedger {
  /**
   * A lifecycle alert that must fire exactly once.
   *
   * @param subject the link id, or for an import summary its campaign id
   * @param problem the planted problem, or null for an everyday link's (its partner's unknown UTM
   *     source)
   */
  public record ExpectedAlert(String rule, String subject, String problem)
      implements Comparable<ExpectedAlert> {
    @Override
    public int compareTo(ExpectedAlert o) {
      int byRule = rule.compareTo(o.rule);
      return byRule != 0 ? byRule : subject.compareTo(o.subject);
    }
  }

  /** Null when the ledger only counts (a live run of millions of links). */
  private final Map<String, String> campaignNames;

  private final Map<String, Long> byType = new TreeMap<>();
  private final Set<ExpectedAlert> expectedAlerts = new TreeSet<>();
  private final List<PlantedLinkProblem> problems;
  private long events;

  private LinkLedger(List<PlantedLinkProblem> problems, boolean perLink) {
    this.problems = List.copyOf(problems);
    this.campaignNames = perLink ? new HashMap<>() : null;
  }

  /** The ledger of {@code events} made with {@code problems} planted. */
  public static LinkLedger of(
      Iterable<LinkEventRecord> events, Collection<PlantedLinkProblem> problems) {
    LinkLedger ledger = empty(problems, true);
    events.forEach(ledger::add);
    return ledger;
  }

  /**
   * A ledger to {@link #add} the events to as they are sent; {@code perLink}: also each link's
   * campaign name (memory per link), else {@link #catalogued} and {@link #campaignName} fail.
   */
  public static LinkLedger empty(Collection<PlantedLinkProblem> problems, boolean perLink) {
    LinkLedger ledger = new LinkLedger(List.copyOf(problems), perLink);
    for (PlantedLinkProblem p : problems) {
      if (p.expectedRule() != null) {
        ledger.expectedAlerts.add(new ExpectedAlert(p.expectedRule(), p.subject(), p.name()));
      }
    }
    return ledger;
  }

  /** Enters one event (one thread). */
  public void add(LinkEventRecord e) {
    events++;
    byType.merge(e.type(), 1L, Long::sum);
    if (campaignNames != null
        && !e.type().equals("deleted")
        && !e.type().equals("expiry_scheduled")) {
      campaignNames.put(e.linkId(), e.campaignName() == null ? "" : e.campaignName());
    }
    if (e.expectedAlert() != null) {
      expectedAlerts.add(new ExpectedAlert(e.expectedAlert(), e.linkId(), e.problem()));
    }
  }

  /** The ledger of a model's link events and planted problems. */
  public static LinkLedger of(RealisticTraffic traffic) {
    List<LinkEventRecord> events = new java.util.ArrayList<>();
    traffic.linkEvents().forEachRemaining(events::add);
    return of(events, traffic.linkProblems());
  }

  public long events() {
    return events;
  }

  /** Events per type, sorted. */
  public Map<String, Long> eventsByType() {
    return Map.copyOf(byType);
  }

  public List<PlantedLinkProblem> problems() {
    return problems;
  }

  /** Every lifecycle alert that must fire, once each, sorted by rule and subject. */
  public Set<ExpectedAlert> expectedAlerts() {
    return new TreeSet<>(expectedAlerts);
  }

  /** Whether a link event announced {@code linkId}: its clicks are stamped. */
  public boolean catalogued(String linkId) {
    return names().containsKey(linkId);
  }

  /** The campaign name a catalogued link's clicks carry ("" for a link without a campaign). */
  public String campaignName(String linkId) {
    return names().get(linkId);
  }

  private Map<String, String> names() {
    if (campaignNames == null) {
      throw new IllegalStateException("this ledger only counts; use LinkLedger.of(events, ...)");
    }
    return campaignNames;
  }

  /**
   * Stored clicks on links no event announced: what {@code clicks_unknown_link} counts (valid
   * clicks; repeats and rejects never reach the join).
   */
  public long expectedUnknownLinkClicks(Iterable<GeneratedRecord> clicks) {
    long n = 0;
    for (GeneratedRecord r : clicks) {
      if (r.kind() == GeneratedRecord.Kind.VALID && !catalogued(r.linkId())) {
        n++;
      }
    }
    return n;
  }
}
