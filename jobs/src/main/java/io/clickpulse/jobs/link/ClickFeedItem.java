package io.clickpulse.jobs.link;

import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One click on the {@code click_feed} topic, as snake_case JSON
 * (docs/schemas/click-feed.schema.json). What a CDP needs to act on a click, never who clicked by
 * network: no IP, user agent or visitor hash. {@code id} is the click's event id, so receivers
 * dedup on it.
 */
public class ClickFeedItem {
  public String id;
  public String type = "click";
  public String clickedAt;
  public String linkId;
  public String shortUrl;
  public String campaignId;
  public String campaignName;
  public String linkPriority;
  public List<String> linkTags = new ArrayList<>();
  public String contactId;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String utmTerm;
  public String utmContent;
  public String channel;
  public String country;
  public String deviceClass;
  public String browser;
  public String os;
  public String referrerDomain;

  public ClickFeedItem() {}

  public static ClickFeedItem of(EnrichedClick c) {
    ClickEvent e = c.click;
    ClickFeedItem i = new ClickFeedItem();
    i.id = e.eventId;
    i.clickedAt = Instant.ofEpochMilli(e.eventTime).toString();
    i.linkId = e.linkId;
    i.shortUrl = e.shortUrl;
    i.campaignId = e.campaignId;
    i.campaignName = c.campaignName;
    i.linkPriority = c.linkPriority;
    i.linkTags = new ArrayList<>(c.linkTags);
    i.contactId = c.contactId;
    i.utmSource = c.utmSource;
    i.utmMedium = c.utmMedium;
    i.utmCampaign = c.utmCampaign;
    i.utmTerm = c.utmTerm;
    i.utmContent = c.utmContent;
    i.channel = c.channel;
    i.country = e.country;
    i.deviceClass = c.deviceClass;
    i.browser = c.browser;
    i.os = c.os;
    i.referrerDomain = c.referrerDomain;
    return i;
  }
}
