package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.udf.link.ImportSummary;
import io.clickpulse.udf.link.LinkCheck;
import io.clickpulse.udf.link.LinkFinding;
import io.clickpulse.udf.link.LinkState;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns lifecycle findings and import summaries into {@link Alert}s like the click rules' (owner
 * from the rules file or the link, context from what the link event says). Plain Java.
 */
public final class LinkAlerts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The rule of the one QA summary per bulk import. */
  public static final String IMPORT_SUMMARY = "link_import_summary";

  private final AlertRules rules;

  public LinkAlerts(AlertRules rules) {
    this.rules = rules;
  }

  /**
   * How urgent each finding is: a printed QR code leading elsewhere cannot be fixed by a new mail,
   * so it is critical; the rest need a fix before the campaign goes out, a warning.
   */
  static String severity(LinkCheck check) {
    return switch (check) {
      case QR_DESTINATION_CHANGED, CLICKED_AFTER_DELETE -> "critical";
      default -> "warning";
    };
  }

  /**
   * The alert about {@code finding}, raised by the event that left the link as {@code after} at
   * {@code eventTime}. One per rule, link and version: a replay of the event has the same id.
   */
  public Alert finding(LinkFinding finding, LinkState after, long eventTime) {
    Alert a = new Alert();
    a.rule = finding.check().code();
    a.severity = severity(finding.check());
    a.status = "firing";
    a.subjectType = "link";
    a.subjectId = finding.linkId();
    a.linkId = finding.linkId();
    a.campaignId = nonNull(after.campaignId);
    a.owner = rules.owner(a.linkId, a.campaignId, after.owner);
    a.windowStart = eventTime;
    a.windowEnd = eventTime + 1;
    a.observed = 1;
    a.expected = 0;
    a.reason = capitalize(finding.reason()) + ".";
    a.evidence.putAll(finding.evidence());
    a.evidence.put("version", String.valueOf(after.version));
    fillContext(a, after);
    AlertIds.identify(a, rules.dashboardUrlTemplate());
    a.alertId = AlertIds.alertId(a.rule, a.subjectType, a.subjectId, after.version);
    return a;
  }

  /**
   * The QA summary of one bulk import, to {@code owner} (the importing links' owner); about the
   * import's campaign if all its links share one, else about its first link. Info when clean, a
   * warning otherwise.
   */
  public Alert importSummary(
      ImportSummary.Report report, String owner, String campaignId, String firstLinkId) {
    Alert a = new Alert();
    a.rule = IMPORT_SUMMARY;
    a.severity = report.clean() ? "info" : "warning";
    a.status = "firing";
    // The schema knows link, campaign and client subjects; an import is about its campaign when
    // it has one, else about its first link (both reachable from dashboards).
    a.subjectType = campaignId != null ? "campaign" : "link";
    a.subjectId = campaignId != null ? campaignId : firstLinkId;
    a.linkId = campaignId != null ? "" : a.subjectId;
    a.campaignId = nonNull(campaignId);
    a.owner = rules.owner(a.linkId, a.campaignId, owner);
    a.windowStart = report.firstEventTime();
    a.windowEnd = report.lastEventTime() + 1;
    a.observed = report.linksWithProblems();
    a.expected = 0;
    Map<String, String> e = a.evidence;
    e.put("import_id", report.importId());
    e.put("links", String.valueOf(report.links()));
    e.put("links_with_problems", String.valueOf(report.linksWithProblems()));
    e.put("first_event_at", Instant.ofEpochMilli(report.firstEventTime()).toString());
    e.put("last_event_at", Instant.ofEpochMilli(report.lastEventTime()).toString());
    putIfAny(e, "duplicate_destinations", report.duplicateDestinations());
    putIfAny(e, "missing_utm", report.missingUtm());
    putIfAny(e, "unknown_utm", report.unknownUtm());
    putIfAny(e, "malformed_utm", report.malformedUtm());
    putIfAny(e, "redirect_chains", report.redirectChains());
    putIfAny(e, "unexpected_domains", report.unexpectedDomains());
    a.reason = importReason(report);
    AlertIds.identify(a, rules.dashboardUrlTemplate());
    // One summary per import, whatever its subject.
    a.alertId = AlertIds.alertId(a.rule, "import", report.importId(), 0);
    a.fingerprint = AlertIds.fingerprint(a.rule, "import", report.importId());
    return a;
  }

  static String importReason(ImportSummary.Report r) {
    String head = "Import " + r.importId() + " made " + r.links() + " link" + plural(r.links());
    if (r.clean()) {
      return head + "; none has a problem.";
    }
    List<String> parts = new ArrayList<>();
    if (!r.duplicateDestinations().isEmpty()) {
      int links = r.duplicateDestinations().values().stream().mapToInt(List::size).sum();
      parts.add(
          links
              + " links share "
              + r.duplicateDestinations().size()
              + " destination"
              + plural(r.duplicateDestinations().size()));
    }
    count(parts, r.missingUtm().size(), "lack required UTM fields", "lacks required UTM fields");
    count(parts, r.unknownUtm().size(), "have unknown UTM values", "has unknown UTM values");
    count(parts, r.malformedUtm().size(), "have malformed UTM values", "has malformed UTM values");
    count(
        parts,
        r.redirectChains().size(),
        "point to another short link",
        "points to another short link");
    count(
        parts,
        r.unexpectedDomains().size(),
        "are on unexpected domains",
        "is on an unexpected domain");
    return head
        + "; "
        + r.linksWithProblems()
        + " need"
        + (r.linksWithProblems() == 1 ? "s" : "")
        + " a fix: "
        + String.join(", ", parts)
        + ".";
  }

  private static void count(List<String> parts, int n, String many, String one) {
    if (n == 1) {
      parts.add("1 " + one);
    } else if (n > 1) {
      parts.add(n + " " + many);
    }
  }

  private static void fillContext(Alert a, LinkState s) {
    a.context.shortUrl = nonNull(s.shortUrl);
    a.context.destinationUrl = nonNull(s.destinationUrl);
    String domain =
        s.customDomain != null
            ? s.customDomain
            : s.shortUrl == null ? null : io.clickpulse.udf.link.LinkUrls.host(s.shortUrl);
    a.context.linkDomain = nonNull(domain);
    a.context.campaignName = nonNull(s.campaignName);
    a.context.channel = s.qrCodeId != null ? "qr" : "";
    a.context.utmSource = nonNull(s.utmSource);
    a.context.utmMedium = nonNull(s.utmMedium);
    a.context.utmCampaign = nonNull(s.utmCampaign);
  }

  private static void putIfAny(Map<String, String> evidence, String key, Map<String, ?> values) {
    if (!values.isEmpty()) {
      evidence.put(key, values.toString());
    }
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
