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

  /**
   * {@code Objects.hash} of the fields in this order, written out: the same value, so the same key
   * groups (state in a savepoint stays with its key), without boxing the flag and hashing an array
   * of nine objects for every click sent to the minute windows.
   */
  @Override
  public int hashCode() {
    int h = 1;
    h = 31 * h + Objects.hashCode(linkId);
    h = 31 * h + Objects.hashCode(campaignId);
    h = 31 * h + Objects.hashCode(utmSource);
    h = 31 * h + Objects.hashCode(utmMedium);
    h = 31 * h + Objects.hashCode(utmCampaign);
    h = 31 * h + Objects.hashCode(channel);
    h = 31 * h + Objects.hashCode(country);
    h = 31 * h + Objects.hashCode(deviceClass);
    return 31 * h + Boolean.hashCode(isBot);
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
