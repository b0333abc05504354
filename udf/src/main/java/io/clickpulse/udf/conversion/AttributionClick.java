package io.clickpulse.udf.conversion;

import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ContactIds;
import java.util.Objects;

/**
 * What attribution keeps of a click: who clicked when (visitor hash, and the CRM contact when the
 * click names one), on which link, campaign and channel. A POJO for Flink state, with no IP, user
 * agent or referrer: only ids and the normalized UTM values.
 */
public class AttributionClick {
  /** The click's event_id. */
  public String clickId;

  public long eventTime;
  public long visitorId;
  public String linkId;
  public String campaignId;
  public String channel;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public boolean isBot;
  public boolean isTest;

  /** The CRM contact the click is known to be from ({@link ContactIds#ofClick}), "" when none. */
  public String contactId = "";

  public AttributionClick() {}

  /** The parts of an enriched click attribution needs (UTM values normalized, as in clicks). */
  public static AttributionClick of(EnrichedClick e) {
    AttributionClick c = new AttributionClick();
    c.clickId = e.click.eventId;
    c.eventTime = e.click.eventTime;
    c.visitorId = e.visitorId;
    c.linkId = e.click.linkId;
    c.campaignId = e.click.campaignId;
    c.channel = e.channel;
    c.utmSource = e.utmSource;
    c.utmMedium = e.utmMedium;
    c.utmCampaign = e.utmCampaign;
    c.isBot = e.isBot;
    c.isTest = e.click.isTest;
    c.contactId = ContactIds.ofClick(e.contactId, e.click.custom);
    return c;
  }

  /** Bots and test traffic never earn credit for a conversion. */
  public boolean qualifies() {
    return !isBot && !isTest;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AttributionClick that)) {
      return false;
    }
    return eventTime == that.eventTime
        && visitorId == that.visitorId
        && isBot == that.isBot
        && isTest == that.isTest
        && Objects.equals(clickId, that.clickId)
        && Objects.equals(linkId, that.linkId)
        && Objects.equals(campaignId, that.campaignId)
        && Objects.equals(channel, that.channel)
        && Objects.equals(utmSource, that.utmSource)
        && Objects.equals(utmMedium, that.utmMedium)
        && Objects.equals(utmCampaign, that.utmCampaign)
        && Objects.equals(contactId, that.contactId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(clickId, eventTime);
  }

  @Override
  public String toString() {
    return "Click{" + clickId + " at " + eventTime + " link=" + linkId + "}";
  }
}
