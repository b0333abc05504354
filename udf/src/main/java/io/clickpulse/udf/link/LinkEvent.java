package io.clickpulse.udf.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One event of the {@code links} topic, as validated by {@link LinkEventParser}. Field meanings are
 * documented in {@code docs/links.md}. Optional fields are {@code null} when absent ({@code tags}
 * is empty).
 *
 * <p>A mutable POJO with public fields so that Flink serializes it with its POJO serializer.
 */
public class LinkEvent {
  public String eventId;
  public LinkEventType type;

  /** When it happened at the shortener, UTC epoch milliseconds. */
  public long eventTime;

  public String linkId;
  public String shortUrl;
  public String destinationUrl;

  /** The branded short domain, lower case; null when the link uses the shortener's own domain. */
  public String customDomain;

  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String utmTerm;
  public String utmContent;

  public String campaignId;
  public String campaignName;

  /** An email address or a Slack member id (U012ABCDEF). */
  public String owner;

  public List<String> tags = new ArrayList<>();

  /** low, normal or high; null when not given. */
  public String priority;

  public String qrCodeId;

  /** When the link stops redirecting, UTC epoch milliseconds; null for no expiry. */
  public Long expiresAt;

  /**
   * When the link's campaign ends, UTC epoch milliseconds; null when not said. The link may keep
   * redirecting; clicks after it (and {@code links.campaign-ended-grace}) are reported.
   */
  public Long campaignEndsAt;

  /** The CRM contact a one-to-one link was made for. */
  public String contactId;

  public String createdBy;

  /** The bulk import that made the link, if any. */
  public String importId;

  /** Increases with every event of one link; older or equal versions are ignored. */
  public long version;

  public LinkEvent() {}

  /** The domain the short link is served from: the custom domain, else the short URL's host. */
  public String linkDomain() {
    if (customDomain != null) {
      return customDomain;
    }
    return shortUrl == null ? null : LinkUrls.host(shortUrl);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LinkEvent that)) {
      return false;
    }
    return eventTime == that.eventTime
        && version == that.version
        && type == that.type
        && Objects.equals(eventId, that.eventId)
        && Objects.equals(linkId, that.linkId)
        && Objects.equals(shortUrl, that.shortUrl)
        && Objects.equals(destinationUrl, that.destinationUrl)
        && Objects.equals(customDomain, that.customDomain)
        && Objects.equals(utmSource, that.utmSource)
        && Objects.equals(utmMedium, that.utmMedium)
        && Objects.equals(utmCampaign, that.utmCampaign)
        && Objects.equals(utmTerm, that.utmTerm)
        && Objects.equals(utmContent, that.utmContent)
        && Objects.equals(campaignId, that.campaignId)
        && Objects.equals(campaignName, that.campaignName)
        && Objects.equals(owner, that.owner)
        && Objects.equals(tags, that.tags)
        && Objects.equals(priority, that.priority)
        && Objects.equals(qrCodeId, that.qrCodeId)
        && Objects.equals(expiresAt, that.expiresAt)
        && Objects.equals(campaignEndsAt, that.campaignEndsAt)
        && Objects.equals(contactId, that.contactId)
        && Objects.equals(createdBy, that.createdBy)
        && Objects.equals(importId, that.importId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, type, eventTime, linkId, version);
  }

  @Override
  public String toString() {
    return "LinkEvent{" + eventId + " " + type + " link=" + linkId + " v" + version + "}";
  }
}
