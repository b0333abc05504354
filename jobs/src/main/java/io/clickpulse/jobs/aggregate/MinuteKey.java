package io.clickpulse.jobs.aggregate;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.Objects;

/** The dimensions of a minute aggregate. A POJO with value equality, so Flink can key by it. */
public class MinuteKey {
  public String linkId;
  public String campaignId;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String channel;
  public String country;
  public String deviceClass;
  public boolean isBot;

  public MinuteKey() {}

  public static MinuteKey of(EnrichedClick c) {
    MinuteKey k = new MinuteKey();
    k.linkId = c.click.linkId;
    k.campaignId = c.click.campaignId == null ? "" : c.click.campaignId;
    k.utmSource = c.utmSource;
    k.utmMedium = c.utmMedium;
    k.utmCampaign = c.utmCampaign;
    k.channel = c.channel;
    k.country = c.click.country == null ? "" : c.click.country;
    k.deviceClass = c.deviceClass;
    k.isBot = c.isBot;
    return k;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MinuteKey k
        && isBot == k.isBot
        && Objects.equals(linkId, k.linkId)
        && Objects.equals(campaignId, k.campaignId)
        && Objects.equals(utmSource, k.utmSource)
        && Objects.equals(utmMedium, k.utmMedium)
        && Objects.equals(utmCampaign, k.utmCampaign)
        && Objects.equals(channel, k.channel)
        && Objects.equals(country, k.country)
        && Objects.equals(deviceClass, k.deviceClass);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        linkId,
        campaignId,
        utmSource,
        utmMedium,
        utmCampaign,
        channel,
        country,
        deviceClass,
        isBot);
  }

  @Override
  public String toString() {
    return linkId
        + "/"
        + campaignId
        + "/"
        + utmSource
        + "/"
        + utmMedium
        + "/"
        + utmCampaign
        + "/"
        + channel
        + "/"
        + country
        + "/"
        + deviceClass
        + (isBot ? "/bot" : "");
  }
}
