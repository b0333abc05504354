package io.clickpulse.udf.link;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What ClickPulse knows about one link: its latest accepted version, plus the last time it was
 * clicked. Kept per link_id; the click path reads it to enrich and check clicks.
 *
 * <p>A mutable POJO with public fields (Flink POJO state). {@link #apply} never changes its input.
 */
public class LinkState {
  public String linkId;

  /** The version of the last event applied; events with this version or lower are ignored. */
  public long version;

  public String shortUrl;
  public String destinationUrl;
  public String customDomain;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String utmTerm;
  public String utmContent;
  public String campaignId;
  public String campaignName;
  public String owner;
  public List<String> tags = new ArrayList<>();
  public String priority;
  public String qrCodeId;
  public String contactId;
  public String importId;

  /** Epoch ms; null for no expiry. */
  public Long expiresAt;

  /** When the link's campaign ends, epoch ms; null when not said. */
  public Long campaignEndsAt;

  public boolean deleted;

  /** Event time of the delete, epoch ms; 0 unless deleted. */
  public long deletedAt;

  /** Event time of the latest click seen, epoch ms; 0 for never. Independent of versions. */
  public long lastClickAt;

  public LinkState() {}

  /** Whether {@code event} is older than or as old as what {@code state} already holds. */
  public static boolean isStale(LinkState state, LinkEvent event) {
    return state != null && event.version <= state.version;
  }

  /**
   * The state after {@code event}: a new object, or {@code previous} itself when the event is
   * stale. created and updated replace the link's fields (an update carries the whole link) and
   * undo a delete; deleted marks it; expiry_scheduled sets only the expiry. The last click time is
   * carried over.
   */
  public static LinkState apply(LinkState previous, LinkEvent event) {
    if (isStale(previous, event)) {
      return previous;
    }
    LinkState next = previous == null ? new LinkState() : previous.copy();
    next.linkId = event.linkId;
    next.version = event.version;
    switch (event.type) {
      case CREATED, UPDATED -> {
        next.shortUrl = event.shortUrl;
        next.destinationUrl = event.destinationUrl;
        next.customDomain = event.customDomain;
        next.utmSource = event.utmSource;
        next.utmMedium = event.utmMedium;
        next.utmCampaign = event.utmCampaign;
        next.utmTerm = event.utmTerm;
        next.utmContent = event.utmContent;
        next.campaignId = event.campaignId;
        next.campaignName = event.campaignName;
        next.owner = event.owner;
        next.tags = new ArrayList<>(event.tags);
        next.priority = event.priority;
        next.qrCodeId = event.qrCodeId;
        next.contactId = event.contactId;
        next.importId = event.importId;
        next.expiresAt = event.expiresAt;
        next.campaignEndsAt = event.campaignEndsAt;
        next.deleted = false;
        next.deletedAt = 0;
      }
      case DELETED -> {
        next.deleted = true;
        next.deletedAt = event.eventTime;
      }
      case EXPIRY_SCHEDULED -> next.expiresAt = event.expiresAt;
    }
    return next;
  }

  /** Records a click at {@code clickTime}; an out-of-order older click leaves the time as is. */
  public void clicked(long clickTime) {
    lastClickAt = Math.max(lastClickAt, clickTime);
  }

  public LinkState copy() {
    LinkState c = new LinkState();
    c.linkId = linkId;
    c.version = version;
    c.shortUrl = shortUrl;
    c.destinationUrl = destinationUrl;
    c.customDomain = customDomain;
    c.utmSource = utmSource;
    c.utmMedium = utmMedium;
    c.utmCampaign = utmCampaign;
    c.utmTerm = utmTerm;
    c.utmContent = utmContent;
    c.campaignId = campaignId;
    c.campaignName = campaignName;
    c.owner = owner;
    c.tags = new ArrayList<>(tags);
    c.priority = priority;
    c.qrCodeId = qrCodeId;
    c.contactId = contactId;
    c.importId = importId;
    c.expiresAt = expiresAt;
    c.campaignEndsAt = campaignEndsAt;
    c.deleted = deleted;
    c.deletedAt = deletedAt;
    c.lastClickAt = lastClickAt;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof LinkState that)) {
      return false;
    }
    return version == that.version
        && deleted == that.deleted
        && deletedAt == that.deletedAt
        && lastClickAt == that.lastClickAt
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
        && Objects.equals(contactId, that.contactId)
        && Objects.equals(importId, that.importId)
        && Objects.equals(expiresAt, that.expiresAt)
        && Objects.equals(campaignEndsAt, that.campaignEndsAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(linkId, version, deleted, lastClickAt);
  }

  @Override
  public String toString() {
    return "LinkState{" + linkId + " v" + version + (deleted ? " deleted" : "") + "}";
  }
}
