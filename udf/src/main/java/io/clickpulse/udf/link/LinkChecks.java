package io.clickpulse.udf.link;

import io.clickpulse.udf.enrich.NormalizedUtm;
import io.clickpulse.udf.enrich.UtmNormalizer;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The checks on one link event, before any click: UTM values against the taxonomy, destination
 * changes on links that are being clicked, redirect chains and unexpected domains. Stateless and
 * thread-safe; the caller keeps the {@link LinkState} per link.
 *
 * <p>A check reports what an event introduces: an update that keeps a known problem stays quiet, so
 * one problem is reported once, at creation, not on every edit.
 */
public final class LinkChecks implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Pieces of a query string or URL pasted into a value, and escapes left after decoding. */
  private static final Pattern MALFORMED =
      Pattern.compile("[&=?#<>\"]|^[a-z][a-z0-9+.-]*://|%[0-9a-f]{2}|\\p{Cc}");

  private final UtmNormalizer normalizer;
  private final LinkRules rules;

  public LinkChecks(UtmTaxonomy taxonomy, LinkRules rules) {
    this.normalizer = new UtmNormalizer(taxonomy);
    this.rules = rules.checkChannels(taxonomy);
  }

  public LinkRules rules() {
    return rules;
  }

  /**
   * The findings about {@code event}, given the link's state before it ({@code null} if none).
   * Stale events (version not above the state's), deletes and expiry changes find nothing here;
   * expiry and deletion matter once clicks arrive ({@link ClickOnLink}).
   */
  public List<LinkFinding> check(LinkState previous, LinkEvent event) {
    List<LinkFinding> findings = new ArrayList<>();
    if (LinkState.isStale(previous, event)
        || !(event.type == LinkEventType.CREATED || event.type == LinkEventType.UPDATED)) {
      return findings;
    }
    // A deleted or never fully known link (only an expiry seen) has nothing to compare with.
    LinkState before =
        previous == null || previous.deleted || previous.shortUrl == null ? null : previous;
    utmFindings(before, event, findings);
    destinationChange(previous, event).ifPresent(findings::add);
    boolean newDestination =
        before == null
            || !Objects.equals(
                LinkUrls.normalize(before.destinationUrl),
                LinkUrls.normalize(event.destinationUrl));
    if (newDestination) {
      redirectChain(event).ifPresent(findings::add);
    }
    if (before == null || !Objects.equals(domain(before), event.linkDomain())) {
      unexpectedDomain(event).ifPresent(findings::add);
    }
    return findings;
  }

  /**
   * The UTM problems of a link. Only campaign links are checked: those with a campaign id or name,
   * or any UTM value. The channel is the taxonomy's channel for the link's medium ("cpc" → paid),
   * or qr for a link with a QR code; {@code links.required-utm} says which fields it needs.
   */
  public UtmProblems utmProblems(
      String source,
      String medium,
      String campaign,
      String term,
      String content,
      String campaignId,
      String campaignName,
      String qrCodeId) {
    String[] values = {source, medium, campaign, term, content};
    Map<String, String> malformed = new LinkedHashMap<>();
    boolean anyUtm = false;
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null && !UtmTaxonomy.clean(values[i]).isEmpty()) {
        anyUtm = true;
        if (MALFORMED.matcher(UtmTaxonomy.clean(values[i])).find()) {
          malformed.put(LinkRules.UTM_FIELDS.get(i), values[i]);
        }
      }
    }
    if (!anyUtm && campaignId == null && campaignName == null) {
      return new UtmProblems(null, List.of(), Map.of(), Map.of());
    }
    NormalizedUtm normalized = normalizer.normalize(source, medium, campaign, term, content, null);
    Map<String, String> unknown = new LinkedHashMap<>();
    for (String field : normalized.unknownFields()) {
      if (!malformed.containsKey(field)) {
        unknown.put(field, field.equals("utm_source") ? source : medium);
      }
    }
    UtmTaxonomy taxonomy = normalizer.taxonomy();
    String channel =
        taxonomy
            .canonical(Vocabulary.CHANNELS, qrCodeId != null ? "qr" : normalized.medium())
            .orElse(null);
    List<String> missing = new ArrayList<>();
    for (String field : rules.requiredFor(channel)) {
      String value = values[LinkRules.UTM_FIELDS.indexOf(field)];
      if (value == null || UtmTaxonomy.clean(value).isEmpty()) {
        missing.add(field);
      }
    }
    return new UtmProblems(
        channel,
        List.copyOf(missing),
        Collections.unmodifiableMap(unknown),
        Collections.unmodifiableMap(malformed));
  }

  public UtmProblems utmProblems(LinkEvent e) {
    return utmProblems(
        e.utmSource,
        e.utmMedium,
        e.utmCampaign,
        e.utmTerm,
        e.utmContent,
        e.campaignId,
        e.campaignName,
        e.qrCodeId);
  }

  private UtmProblems utmProblems(LinkState s) {
    return utmProblems(
        s.utmSource,
        s.utmMedium,
        s.utmCampaign,
        s.utmTerm,
        s.utmContent,
        s.campaignId,
        s.campaignName,
        s.qrCodeId);
  }

  private void utmFindings(LinkState before, LinkEvent event, List<LinkFinding> findings) {
    UtmProblems now = utmProblems(event);
    UtmProblems then = before == null ? null : utmProblems(before);
    String campaign = event.campaignName != null ? event.campaignName : event.campaignId;
    String subject = "link " + event.linkId + (campaign == null ? "" : " of campaign " + campaign);
    if (!now.missing().isEmpty() && (then == null || !then.missing().equals(now.missing()))) {
      Map<String, String> evidence = new LinkedHashMap<>();
      evidence.put("missing", String.join(", ", now.missing()));
      evidence.put("channel", now.channel() == null ? "unknown" : now.channel());
      findings.add(
          new LinkFinding(
              LinkCheck.MISSING_UTM,
              event.linkId,
              subject
                  + " "
                  + event.type.json()
                  + " without "
                  + String.join(", ", now.missing())
                  + " (required for channel "
                  + evidence.get("channel")
                  + ")",
              evidence));
    }
    if (!now.unknown().isEmpty() && (then == null || !then.unknown().equals(now.unknown()))) {
      findings.add(
          new LinkFinding(
              LinkCheck.UNKNOWN_UTM,
              event.linkId,
              subject + " has UTM values the taxonomy does not know: " + describe(now.unknown()),
              now.unknown()));
    }
    if (!now.malformed().isEmpty() && (then == null || !then.malformed().equals(now.malformed()))) {
      findings.add(
          new LinkFinding(
              LinkCheck.MALFORMED_UTM,
              event.linkId,
              subject + " has malformed UTM values: " + describe(now.malformed()),
              now.malformed()));
    }
  }

  /**
   * A changed destination (compared normalized) on a link clicked within {@code
   * links.running-window} before the change. Before launch, or long after, changing it is normal.
   */
  private Optional<LinkFinding> destinationChange(LinkState previous, LinkEvent event) {
    if (previous == null
        || previous.deleted
        || previous.destinationUrl == null
        || previous.lastClickAt <= 0
        || event.eventTime - previous.lastClickAt > rules.runningWindow().toMillis()
        || event.destinationUrl == null
        || LinkUrls.normalize(previous.destinationUrl)
            .equals(LinkUrls.normalize(event.destinationUrl))) {
      return Optional.empty();
    }
    String qrCode = event.qrCodeId != null ? event.qrCodeId : previous.qrCodeId;
    Map<String, String> evidence = new LinkedHashMap<>();
    evidence.put("old_destination", previous.destinationUrl);
    evidence.put("new_destination", event.destinationUrl);
    evidence.put("last_click_at", LinkFinding.time(previous.lastClickAt));
    evidence.put("changed_at", LinkFinding.time(event.eventTime));
    if (qrCode != null) {
      evidence.put("qr_code_id", qrCode);
    }
    return Optional.of(
        new LinkFinding(
            qrCode != null ? LinkCheck.QR_DESTINATION_CHANGED : LinkCheck.DESTINATION_CHANGED,
            event.linkId,
            (qrCode != null ? "QR code " + qrCode + ": link " : "link ")
                + event.linkId
                + " now goes to "
                + event.destinationUrl
                + " instead of "
                + previous.destinationUrl
                + " while it is being clicked",
            evidence));
  }

  /** A destination on a shortener or on the link's own short domain. */
  private Optional<LinkFinding> redirectChain(LinkEvent event) {
    String host = LinkUrls.host(event.destinationUrl);
    if (host == null) {
      return Optional.empty();
    }
    String own = event.linkDomain();
    boolean shortener =
        host.equals(own)
            || host.equals(LinkUrls.host(event.shortUrl))
            || rules.shortenerDomains().stream().anyMatch(d -> LinkUrls.onDomain(host, d));
    if (!shortener) {
      return Optional.empty();
    }
    return Optional.of(
        new LinkFinding(
            LinkCheck.REDIRECT_CHAIN,
            event.linkId,
            "link " + event.linkId + " points to another short link: " + event.destinationUrl,
            Map.of("destination_url", event.destinationUrl, "destination_host", host)));
  }

  /** Whether the link's domain is outside {@code links.allowed-domains} (if that is set). */
  public boolean unexpectedDomain(String linkDomain) {
    return !rules.allowedDomains().isEmpty()
        && linkDomain != null
        && !rules.allowedDomains().contains(linkDomain);
  }

  private Optional<LinkFinding> unexpectedDomain(LinkEvent event) {
    String domain = event.linkDomain();
    if (!unexpectedDomain(domain)) {
      return Optional.empty();
    }
    return Optional.of(
        new LinkFinding(
            LinkCheck.UNEXPECTED_DOMAIN,
            event.linkId,
            "link " + event.linkId + " is served from " + domain + ", not an allowed domain",
            Map.of("link_domain", domain, "short_url", event.shortUrl)));
  }

  /** Whether the destination is itself a short link (see {@link #check}). */
  public boolean isRedirectChain(LinkEvent event) {
    return redirectChain(event).isPresent();
  }

  private static String domain(LinkState s) {
    if (s.customDomain != null) {
      return s.customDomain;
    }
    return s.shortUrl == null ? null : LinkUrls.host(s.shortUrl);
  }

  private static String describe(Map<String, String> values) {
    List<String> parts = new ArrayList<>();
    values.forEach((field, value) -> parts.add(field + "=\"" + value + "\""));
    return String.join(", ", parts);
  }
}
