package io.clickpulse.local;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.stack.traffic.ConversionLedger;
import io.clickpulse.stack.traffic.ConversionRecord;
import io.clickpulse.stack.traffic.PlantedContact;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The demo's conversions, its qualified contact's CRM signal and the click feed (issue #18), each
 * as stored or received against what the generator planted: last-click conversions per link and
 * type, revenue per currency, those known by a contact no click names kept unattributed, the late
 * one attributed, the qualified contact's lead credited by its contact alone, the malformed one
 * dead-lettered; exactly one signal of the demo's rule for the contact, delivered once to the local
 * receiver; the contact's clicks delivered on the click feed.
 */
final class DemoOutcomes {
  private final ConversionLedger expected;
  private final PlantedContact contact;
  private final Map<String, Map<String, Long>> byLinkAndType = new TreeMap<>();
  private final Map<String, Long> byModel = new TreeMap<>();
  private final Map<String, Long> byType = new TreeMap<>();
  private final Map<String, BigDecimal> revenue = new TreeMap<>();
  private final Map<String, Long> rejects = new TreeMap<>();
  private final String[] late;
  private final String[] byContact;
  private final List<String[]> signals;
  private final List<JsonNode> delivered;
  private final List<String> feedItems;

  /**
   * @param conversionsTopic the topic the conversions' dead letters name
   * @param delivered the CRM signals the receiver got
   * @param feedItems ids of the click-feed items the receiver got
   */
  DemoOutcomes(
      Function<String, String> query,
      String conversionsTopic,
      ConversionLedger expected,
      PlantedContact contact,
      List<JsonNode> delivered,
      List<String> feedItems) {
    this.expected = expected;
    this.contact = contact;
    this.delivered = delivered;
    this.feedItems = feedItems;
    for (String[] row :
        rows(
            query.apply(
                "SELECT link_id, conversion_type, model, count(), currency, sum(amount) FROM"
                    + " conversions FINAL WHERE slot = 0 GROUP BY link_id, conversion_type, model,"
                    + " currency"))) {
      long n = Long.parseLong(row[3]);
      byModel.merge(row[2], n, Long::sum);
      byType.merge(row[1], n, Long::sum);
      if (row[2].equals("last_click")) {
        byLinkAndType.computeIfAbsent(row[0], k -> new TreeMap<>()).merge(row[1], n, Long::sum);
      }
      if (!row[4].isEmpty()) {
        revenue.merge(row[4], new BigDecimal(row[5]), BigDecimal::add);
      }
    }
    for (String[] row :
        rows(
            query.apply(
                "SELECT reason, count() FROM dead_letters FINAL WHERE topic = '"
                    + conversionsTopic
                    + "' GROUP BY reason"))) {
      rejects.put(row[0], Long.parseLong(row[1]));
    }
    this.late = stored(query, expected.late());
    this.byContact = stored(query, expected.byContact());
    this.signals =
        rows(
            query.apply(
                "SELECT signal_id, rule, subject_type, contact_id, click_count FROM crm_signals"
                    + " FINAL ORDER BY signal_id"));
  }

  /** The table rows of a tab-separated answer. */
  private static List<String[]> rows(String tsv) {
    List<String[]> out = new ArrayList<>();
    for (String line : tsv.strip().split("\n")) {
      if (!line.isBlank()) {
        out.add(line.split("\t", -1));
      }
    }
    return out;
  }

  boolean conversionsAsPlanted() {
    return byLinkAndType.equals(expected.attributedByLinkAndType())
        && byModel.getOrDefault("none", 0L) == expected.unattributed()
        && byType.equals(expected.byType())
        && sameAmounts(revenue, expected.revenueByCurrency())
        && rejects.equals(expected.rejectsByReason());
  }

  /** The late conversion is credited to its click's link. */
  boolean lateAttributed() {
    return creditedAsPlanted(expected.late(), late);
  }

  /** The lead known by the qualified contact alone is credited to the contact's last click. */
  boolean contactAttributed() {
    return creditedAsPlanted(expected.byContact(), byContact);
  }

  /** Model, link and click of {@code planted}'s slot 0 as stored, or null (none planted, none). */
  private static String[] stored(Function<String, String> query, ConversionRecord planted) {
    if (planted == null) {
      return null;
    }
    List<String[]> rows =
        rows(
            query.apply(
                "SELECT model, link_id, click_id FROM conversions FINAL WHERE slot = 0 AND"
                    + " conversion_id = '"
                    + planted.conversionId()
                    + "'"));
    return rows.isEmpty() ? null : rows.get(0);
  }

  private static boolean creditedAsPlanted(ConversionRecord planted, String[] stored) {
    return planted == null
        || (stored != null
            && stored[0].equals("last_click")
            && stored[1].equals(planted.linkId())
            && stored[2].equals(planted.clickId()));
  }

  /**
   * What became of a planted conversion: credited to {@code click} as planted, or what was stored.
   */
  private static String credit(String click, ConversionRecord planted, String[] stored) {
    return creditedAsPlanted(planted, stored)
        ? "credited to " + click + " " + planted.clickId() + " on " + planted.linkId()
        : "NOT ATTRIBUTED as planted (stored: "
            + (stored == null ? "none" : String.join(" ", stored))
            + ")";
  }

  /** Exactly one signal, the demo rule's for the contact, delivered exactly once. */
  boolean signalAsPlanted() {
    if (contact == null) {
      return signals.isEmpty();
    }
    if (signals.size() != 1) {
      return false;
    }
    String[] s = signals.get(0);
    return s[1].equals(DemoRules.CRM_RULE)
        && s[2].equals("contact")
        && s[3].equals(contact.contactId())
        && deliveries(s[0]) == 1;
  }

  /** The contact's clicks, each delivered once on the click feed (which selects their tag). */
  boolean feedAsPlanted() {
    List<String> want = contact == null ? List.of() : contact.clickIds();
    return feedItems.size() == want.size() && feedItems.containsAll(want);
  }

  boolean ok() {
    return conversionsAsPlanted()
        && lateAttributed()
        && contactAttributed()
        && signalAsPlanted()
        && feedAsPlanted();
  }

  /** How many times the receiver got the signal {@code signalId}. */
  private long deliveries(String signalId) {
    return delivered.stream().filter(n -> n.path("signal_id").asText().equals(signalId)).count();
  }

  List<String> lines() {
    List<String> out = new ArrayList<>();
    long stored = byModel.values().stream().mapToLong(Long::longValue).sum();
    out.add(
        String.format(
            "Conversions: %,d sent (%s), %,d stored: %,d last click on %,d links, %,d"
                + " unattributed (a contact no click names), %,d rejected %s: %s",
            expected.sent(),
            expected.byType(),
            stored,
            byModel.getOrDefault("last_click", 0L),
            byLinkAndType.size(),
            byModel.getOrDefault("none", 0L),
            rejects.values().stream().mapToLong(Long::longValue).sum(),
            rejects,
            conversionsAsPlanted()
                ? "as planted"
                : "MISMATCH (planted: by link "
                    + expected.attributed()
                    + ", unattributed "
                    + expected.unattributed()
                    + ", by type "
                    + expected.byType()
                    + ", rejects "
                    + expected.rejectsByReason()
                    + ")"));
    out.add(
        String.format(
            "  revenue %s (planted %s)", plain(revenue), plain(expected.revenueByCurrency())));
    ConversionRecord planted = expected.late();
    if (planted != null) {
      out.add(
          String.format(
              "  late conversion %s (%s), sent %d min after it happened: %s",
              planted.conversionId(),
              planted.type(),
              (planted.arrivalTime() - planted.eventTime()) / 60_000,
              credit("its click", planted, late)));
    }
    ConversionRecord lead = expected.byContact();
    if (lead != null) {
      out.add(
          String.format(
              "  %s %s by contact %s alone (no click id, no visitor): %s",
              lead.type(),
              lead.conversionId(),
              lead.contactId(),
              credit("the contact's last click", lead, byContact)));
    }
    if (contact != null) {
      String[] s = signals.isEmpty() ? null : signals.get(0);
      out.add(
          String.format(
              "CRM signal: contact %s clicked %d links tagged %s within %d min -> %s",
              contact.contactId(),
              contact.clicks(),
              contact.tag(),
              contact.window().toMinutes(),
              signalAsPlanted()
                  ? String.format(
                      "rule %s signal %s, delivered once to the local receiver", s[1], s[0])
                  : String.format(
                      "MISMATCH: %d signals stored %s, %d received",
                      signals.size(),
                      signals.stream().map(r -> String.join(" ", r)).toList(),
                      delivered.size())));
    }
    out.add(
        String.format(
            "Click feed: %d items delivered in signed batches (the %s links' clicks, %d planted):"
                + " %s",
            feedItems.size(),
            contact == null ? "-" : contact.tag(),
            contact == null ? 0 : contact.clicks(),
            feedAsPlanted() ? "OK" : "MISMATCH " + feedItems));
    return out;
  }

  private static boolean sameAmounts(Map<String, BigDecimal> a, Map<String, BigDecimal> b) {
    return plain(a).equals(plain(b));
  }

  private static Map<String, String> plain(Map<String, BigDecimal> amounts) {
    Map<String, String> out = new TreeMap<>();
    amounts.forEach((k, v) -> out.put(k, v.stripTrailingZeros().toPlainString()));
    return out;
  }
}
