package io.clickpulse.udf.event;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One click, as validated from the {@code clicks.raw} topic. Field meanings are documented in
 * {@code docs/events.md}. Optional fields are {@code null} when absent.
 *
 * <p>A mutable POJO with public fields so that Flink serializes it with its fast POJO serializer.
 */
public class ClickEvent {
  public String eventId;

  /** Event time, UTC epoch milliseconds. */
  public long eventTime;

  public String linkId;
  public String shortUrl;
  public String destinationUrl;
  public String linkDomain;

  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String utmTerm;
  public String utmContent;

  public String campaignId;
  public String campaignOwner;
  public String channel;

  public String referrer;
  public String userAgent;

  /** The client's address. Enrichment replaces it with a keyed hash and a truncated network. */
  public String ip;

  public String httpMethod;

  /** HTTP status the redirect or destination returned; 0 when the destination was unreachable. */
  public Integer redirectStatus;

  public String country;
  public boolean isTest;
  public Map<String, String> custom = new TreeMap<>();

  /** Where the record came from, for dead letters and lineage; -1 when unknown. */
  public int sourcePartition = -1;

  public long sourceOffset = -1;

  /** A hash of the content fields; two events with one id and different hashes conflict. */
  public long contentHash;

  /**
   * How far this event's time was ahead of its partition's recent event times when it was read,
   * when that was more than the allowed lead (a client or producer clock running fast), else 0.
   * Such an event does not advance event time ({@link EventTimeProgress}); not part of the content.
   */
  public long clockAheadMillis;

  /**
   * The event arrived more than the allowed lateness behind its partition's event time: it is
   * stored but too late for its minute aggregate ({@code late_clicks}). Not part of the content.
   */
  public boolean tooLate;

  public ClickEvent() {}

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ClickEvent that)) {
      return false;
    }
    return eventTime == that.eventTime
        && isTest == that.isTest
        && sourcePartition == that.sourcePartition
        && sourceOffset == that.sourceOffset
        && contentHash == that.contentHash
        && clockAheadMillis == that.clockAheadMillis
        && tooLate == that.tooLate
        && Objects.equals(eventId, that.eventId)
        && Objects.equals(linkId, that.linkId)
        && Objects.equals(shortUrl, that.shortUrl)
        && Objects.equals(destinationUrl, that.destinationUrl)
        && Objects.equals(linkDomain, that.linkDomain)
        && Objects.equals(utmSource, that.utmSource)
        && Objects.equals(utmMedium, that.utmMedium)
        && Objects.equals(utmCampaign, that.utmCampaign)
        && Objects.equals(utmTerm, that.utmTerm)
        && Objects.equals(utmContent, that.utmContent)
        && Objects.equals(campaignId, that.campaignId)
        && Objects.equals(campaignOwner, that.campaignOwner)
        && Objects.equals(channel, that.channel)
        && Objects.equals(referrer, that.referrer)
        && Objects.equals(userAgent, that.userAgent)
        && Objects.equals(ip, that.ip)
        && Objects.equals(httpMethod, that.httpMethod)
        && Objects.equals(redirectStatus, that.redirectStatus)
        && Objects.equals(country, that.country)
        && Objects.equals(custom, that.custom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, eventTime, linkId, contentHash);
  }

  @Override
  public String toString() {
    return "ClickEvent{" + eventId + " link=" + linkId + " t=" + eventTime + "}";
  }
}
