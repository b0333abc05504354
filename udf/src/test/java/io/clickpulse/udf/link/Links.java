package io.clickpulse.udf.link;

import io.clickpulse.udf.enrich.UtmTaxonomy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Test fixtures: link events as a shortener would send them, and the rules the tests use. */
final class Links {
  /** 2026-12-05T21:00:00Z. */
  static final long T = LinkExamples.RECORD_TIME;

  static final long HOUR = 3_600_000L;

  static final LinkRules RULES =
      new LinkRules(
          LinkRules.KNOWN_SHORTENERS,
          Set.of("go.acme.com", "acme.link"),
          Duration.ofHours(24),
          Duration.ofHours(24),
          Map.of(
              "default", List.of("utm_source", "utm_medium", "utm_campaign"),
              "qr", List.of("utm_source", "utm_medium", "utm_campaign", "utm_content")));

  static final LinkChecks CHECKS = new LinkChecks(UtmTaxonomy.bundled(), RULES);

  private Links() {}

  /** A campaign link of the winter newsletter, every UTM field the default channel needs set. */
  static LinkEvent created(String linkId, long version, String destination) {
    LinkEvent e = new LinkEvent();
    e.eventId = "evt-" + linkId + "-" + version;
    e.type = LinkEventType.CREATED;
    e.eventTime = T;
    e.linkId = linkId;
    e.version = version;
    e.shortUrl = "https://go.acme.com/" + linkId;
    e.destinationUrl = destination;
    e.utmSource = "newsletter";
    e.utmMedium = "email";
    e.utmCampaign = "winter-sale";
    e.campaignId = "cmp-2026-winter";
    e.campaignName = "Winter sale 2026";
    e.owner = "maria.jansen@acme.com";
    return e;
  }

  static LinkEvent updated(LinkEvent base, long version, String destination) {
    LinkEvent e = copy(base);
    e.type = LinkEventType.UPDATED;
    e.eventId = "evt-" + e.linkId + "-" + version;
    e.version = version;
    e.destinationUrl = destination;
    return e;
  }

  static LinkEvent deleted(String linkId, long version, long time) {
    LinkEvent e = new LinkEvent();
    e.eventId = "evt-" + linkId + "-" + version;
    e.type = LinkEventType.DELETED;
    e.eventTime = time;
    e.linkId = linkId;
    e.version = version;
    return e;
  }

  static LinkEvent expiry(String linkId, long version, long expiresAt) {
    LinkEvent e = deleted(linkId, version, T);
    e.type = LinkEventType.EXPIRY_SCHEDULED;
    e.expiresAt = expiresAt;
    return e;
  }

  static LinkEvent copy(LinkEvent s) {
    LinkEvent e = new LinkEvent();
    e.eventId = s.eventId;
    e.type = s.type;
    e.eventTime = s.eventTime;
    e.linkId = s.linkId;
    e.shortUrl = s.shortUrl;
    e.destinationUrl = s.destinationUrl;
    e.customDomain = s.customDomain;
    e.utmSource = s.utmSource;
    e.utmMedium = s.utmMedium;
    e.utmCampaign = s.utmCampaign;
    e.utmTerm = s.utmTerm;
    e.utmContent = s.utmContent;
    e.campaignId = s.campaignId;
    e.campaignName = s.campaignName;
    e.owner = s.owner;
    e.tags = new java.util.ArrayList<>(s.tags);
    e.priority = s.priority;
    e.qrCodeId = s.qrCodeId;
    e.expiresAt = s.expiresAt;
    e.contactId = s.contactId;
    e.createdBy = s.createdBy;
    e.importId = s.importId;
    e.version = s.version;
    return e;
  }

  /** The state after {@code event}, clicked last at {@code lastClickAt} (0 for never). */
  static LinkState state(LinkEvent event, long lastClickAt) {
    LinkState s = LinkState.apply(null, event);
    s.lastClickAt = lastClickAt;
    return s;
  }
}
