package io.clickpulse.local;

import io.clickpulse.jobs.clickhouse.Reconciliation;
import io.clickpulse.local.AlertWatcher.SeenAlert;
import io.clickpulse.local.report.IncidentOutcome;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficRun;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of a local run: every event accounted for (generated = stored + rejected + duplicates,
 * and each as planted), aggregates and rollups agreeing with raw clicks, exactly the clicks
 * labelled late in {@code late_clicks}, the clicks stored as ahead of their partition against those
 * the fast producer sent, and each planted incident with the alert it produced and how long
 * detection and delivery took.
 */
final class RunSummary {
  private final LocalRunOptions options;
  private final TrafficRun.Result sent;
  private final LocalStack stack;
  private final String database;
  private final Instant from;
  private final Instant to;
  private final PipelineCounts counts;
  private final Map<String, Long> rejectedByReason;
  private final long lateClicks;
  private final long clockAhead;
  private final Reconciliation.Report tables;
  private final List<IncidentOutcome> incidents;
  private final List<SeenAlert> unexplained;
  private final LifecycleAlerts lifecycle;
  private final List<String[]> topLinks;
  private final long unknownLinkClicks;
  private final DemoOutcomes demo;

  RunSummary(
      LocalRunOptions options,
      TrafficRun.Result sent,
      List<SeenAlert> alerts,
      LocalStack stack,
      String database) {
    this.options = options;
    this.sent = sent;
    this.stack = stack;
    this.database = database;
    this.from = sent.from().truncatedTo(ChronoUnit.HOURS);
    // The fast producer's last clicks are dated up to its skew past the end.
    this.to =
        sent.to()
            .plus(sent.traffic().producerSkew())
            .truncatedTo(ChronoUnit.HOURS)
            .plus(1, ChronoUnit.HOURS);
    this.counts = PipelineCounts.query(stack.clickhouse, database);
    this.rejectedByReason = rejectedByReason();
    String[] eventTime =
        stack
            .clickhouse
            .query(
                "SELECT (SELECT count() FROM late_clicks FINAL),"
                    + " (SELECT countIf(clock_ahead_ms > 0) FROM clicks FINAL)",
                Map.of(),
                database)
            .strip()
            .split("\t");
    this.lateClicks = Long.parseLong(eventTime[0]);
    this.clockAhead = Long.parseLong(eventTime[1]);
    this.tables =
        new Reconciliation(stack.clickhouse.jdbcUrl(database), "default", "").check(from, to);
    IncidentMatcher matcher = new IncidentMatcher(alerts);
    this.incidents = matcher.outcomes(sent.incidents(), stack.receiver::webhookArrival);
    this.lifecycle = new LifecycleAlerts(alerts, sent.links());
    // Lifecycle alerts the generator's ledger expects are planted or known, not false alarms.
    this.unexplained =
        matcher.unexplained(sent.incidents()).stream().filter(a -> !lifecycle.expected(a)).toList();
    this.topLinks =
        stack
            .clickhouse
            .query(
                "SELECT t.link_id, n.campaign_name, t.clicks FROM (SELECT link_id, count() AS"
                    + " clicks FROM clicks FINAL GROUP BY link_id ORDER BY clicks DESC, link_id"
                    + " LIMIT 5) AS t LEFT JOIN link_names AS n ON n.link_id = t.link_id ORDER BY"
                    + " t.clicks DESC, t.link_id",
                Map.of(),
                database)
            .strip()
            .lines()
            .filter(l -> !l.isBlank())
            .map(l -> l.split("\t", -1))
            .toList();
    this.unknownLinkClicks =
        Long.parseLong(
            stack
                .clickhouse
                .query(
                    "SELECT count() FROM clicks FINAL WHERE link_id NOT IN (SELECT link_id FROM"
                        + " link_names)",
                    Map.of(),
                    database)
                .strip());
    this.demo =
        new DemoOutcomes(
            sql -> stack.clickhouse.query(sql, Map.of(), database),
            LocalRun.CONVERSIONS_TOPIC,
            sent.conversions(),
            sent.contact(),
            stack.receiver.crmSignals(),
            stack.receiver.feedItems());
  }

  /** The conversions, the CRM signal and the click feed against what was planted. */
  DemoOutcomes demo() {
    return demo;
  }

  Instant from() {
    return from;
  }

  Instant to() {
    return to;
  }

  List<IncidentOutcome> incidents() {
    return incidents;
  }

  boolean reconciled() {
    return sent.ledger().total() == counts.accountedFor();
  }

  boolean asPlanted() {
    TrafficLedger ledger = sent.ledger();
    return counts.stored() == ledger.expectedStored()
        && counts.duplicates() == ledger.expectedDuplicates()
        && rejectedByReason.equals(ledger.expectedRejectsByReason());
  }

  /** Exactly the clicks labelled late when sent are in {@code late_clicks}. */
  boolean lateAsLabelled() {
    return lateClicks == sent.ledger().expectedLateClicks();
  }

  /** Everything reconciled, and every planted incident detected and delivered. */
  boolean ok() {
    return reconciled()
        && asPlanted()
        && tables.consistent()
        && lateAsLabelled()
        && lifecycle.allDetected()
        && (!options.scenario().equals("demo") || demo.ok())
        && incidents.stream().allMatch(i -> i.detected() && i.delivery() != null);
  }

  List<String> lines() {
    TrafficLedger ledger = sent.ledger();
    List<String> out = new ArrayList<>();
    out.add(
        String.format(
            "=== ClickPulse local run: scenario %s, %d s at up to %,d events/s, event time ×%d"
                + " (%s to %s) ===",
            options.scenario(),
            options.duration().toSeconds(),
            options.rate(),
            options.speedup(),
            sent.from().truncatedTo(ChronoUnit.SECONDS),
            sent.to().truncatedTo(ChronoUnit.SECONDS)));
    out.add(
        String.format(
            "generated %,d = stored %,d + rejected %,d + duplicates %,d -> %s",
            ledger.total(),
            counts.stored(),
            counts.rejected(),
            counts.duplicates(),
            reconciled() ? "reconciled OK" : "MISMATCH"));
    out.add(
        String.format(
            "as planted (%,d distinct valid, %,d duplicates, rejects %s): %s",
            ledger.expectedStored(),
            ledger.expectedDuplicates(),
            ledger.expectedRejectsByReason(),
            asPlanted() ? "OK" : "MISMATCH, rejected " + rejectedByReason));
    out.add(
        String.format(
            "raw clicks %,d, minute aggregates %,d (+ %,d late), hourly rollups %,d: %s",
            tables.rawClicks(),
            tables.minuteClicks(),
            tables.lateClicks(),
            tables.hourlyClicks(),
            tables.consistent() ? "agree" : "DISAGREE " + tables.differences()));
    out.add(
        String.format(
            "late clicks %,d in late_clicks, %,d labelled late when sent: %s",
            lateClicks, ledger.expectedLateClicks(), lateAsLabelled() ? "OK" : "MISMATCH"));
    Duration skew = sent.traffic().producerSkew();
    out.add(
        skew.isZero()
            ? String.format("clock ahead: %,d clicks (no producer's clock is fast)", clockAhead)
            : String.format(
                "clock ahead: %,d clicks (clock_ahead_ms > 0), of %,d on-time valid clicks from the"
                    + " producer %s fast; kept out of the watermark",
                clockAhead, ledger.fastClockClicks(), minutes(skew)));
    out.add("Planted incidents:");
    for (IncidentOutcome i : incidents) {
      out.add(
          String.format(
              "  %-20s %-22s %s",
              i.name(),
              i.subject(),
              i.detected()
                  ? String.format(
                      "%s alert %s detected %s after its first click, %s",
                      i.alertRule(),
                      i.alertId(),
                      seconds(i.detection()),
                      i.delivery() == null
                          ? "NOT DELIVERED"
                          : "delivered " + seconds(i.delivery()) + " later")
                  : "NOT DETECTED (expected " + i.expectedRule() + ")"));
    }
    out.add(
        String.format(
            "  duplicates %,d, conflicting ids %,d and malformed records %,d (%,d dated now):"
                + " accounted for above",
            ledger.expectedDuplicates(),
            ledger.expectedRejectsByReason().getOrDefault("duplicate_conflict", 0L),
            ledger.expectedRejected()
                - ledger.expectedRejectsByReason().getOrDefault("duplicate_conflict", 0L),
            ledger.datedNow()));
    out.addAll(lifecycle.lines());
    out.add(
        String.format(
            "Link catalog: %,d clicks on links no link event announced (clicks_unknown_link)."
                + " Top links:",
            unknownLinkClicks));
    for (String[] link : topLinks) {
      out.add(
          String.format(
              "  %-28s %-14s %,d clicks",
              link[1].isEmpty() ? "(no campaign)" : link[1], link[0], Long.parseLong(link[2])));
    }
    out.addAll(demo.lines());
    out.add(
        unexplained.isEmpty()
            ? "Other alerts: none"
            : "Other alerts (" + unexplained.size() + ", not planted):");
    unexplained.forEach(
        a ->
            out.add(
                "  " + a.rule() + " " + a.subjectType() + " " + a.linkId() + ": " + a.reason()));
    long invalid = stack.receiver.received().stream().filter(r -> !r.signatureOk()).count();
    out.add(
        String.format(
            "Notifications: %,d to the local Slack, %,d signed webhooks (%s)%s",
            stack.receiver.count("/slack"),
            stack.receiver.count("/webhook"),
            invalid == 0 ? "all signatures valid" : invalid + " with INVALID signatures",
            options.realSlack() || options.realWebhook()
                ? "; also sent to the configured real destinations (see alert_deliveries)"
                : ""));
    out.add(
        "Query it: SELECT ... FROM "
            + database
            + ".clicks FINAL (ClickHouse data in the run directory; --keep-running keeps it up)");
    return out;
  }

  private Map<String, Long> rejectedByReason() {
    Map<String, Long> out = new TreeMap<>();
    for (String line :
        stack
            .clickhouse
            .query(
                "SELECT reason, count() FROM dead_letters FINAL WHERE topic != '"
                    + LocalRun.CONVERSIONS_TOPIC
                    + "' GROUP BY reason",
                Map.of(),
                database)
            .strip()
            .split("\n")) {
      if (!line.isBlank()) {
        String[] parts = line.split("\t");
        out.put(parts[0], Long.parseLong(parts[1]));
      }
    }
    return out;
  }

  private static String minutes(Duration d) {
    return d.toSecondsPart() == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
  }

  private static String seconds(Duration d) {
    return String.format("%.1f s", d.toMillis() / 1000.0);
  }
}
