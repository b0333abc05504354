package io.clickpulse.udf.conversion;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One event of the {@code conversions} topic, as validated by {@link ConversionEventParser}. Field
 * meanings are documented in {@code docs/conversions.md}. Optional fields are {@code null} when
 * absent; at least one of {@link #clickId}, {@link #visitorIp} and {@link #contactId} is set.
 *
 * <p>A mutable POJO with public fields so that Flink serializes it with its POJO serializer.
 */
public class ConversionEvent {
  /** Unique per conversion: a replayed or redelivered conversion overwrites its rows. */
  public String conversionId;

  public ConversionType type;

  /** When the conversion happened, UTC epoch milliseconds. */
  public long eventTime;

  /** The event_id of the click that brought the visitor, when the website kept it. */
  public String clickId;

  /**
   * The converting request's client address. The attribution stage replaces it with the keyed
   * {@link #visitorId} (the same hash as the clicks') and clears it: it is never stored.
   */
  public String visitorIp;

  public String visitorUserAgent;

  /** The keyed hash of visitor IP and user agent; set by the attribution stage, else null. */
  public Long visitorId;

  /** The CRM contact: an opaque id, never an email address. */
  public String contactId;

  /** Zero or more, at most 4 decimals; required for sales. */
  public BigDecimal amount;

  /** ISO 4217, upper case; present exactly when amount is. */
  public String currency;

  /**
   * Hints from the producer (the landing page's link or campaign); stored, not used to attribute.
   */
  public String linkId;

  public String campaignId;

  /** Test traffic: stored, never counted in the conversion views. */
  public boolean isTest;

  public ConversionEvent() {}

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ConversionEvent that)) {
      return false;
    }
    return eventTime == that.eventTime
        && isTest == that.isTest
        && type == that.type
        && Objects.equals(conversionId, that.conversionId)
        && Objects.equals(clickId, that.clickId)
        && Objects.equals(visitorIp, that.visitorIp)
        && Objects.equals(visitorUserAgent, that.visitorUserAgent)
        && Objects.equals(visitorId, that.visitorId)
        && Objects.equals(contactId, that.contactId)
        && (amount == null
            ? that.amount == null
            : that.amount != null && amount.compareTo(that.amount) == 0)
        && Objects.equals(currency, that.currency)
        && Objects.equals(linkId, that.linkId)
        && Objects.equals(campaignId, that.campaignId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(conversionId, type, eventTime);
  }

  @Override
  public String toString() {
    return "ConversionEvent{"
        + conversionId
        + " "
        + type
        + " at "
        + eventTime
        + (clickId == null ? "" : " click=" + clickId)
        + (visitorId == null ? "" : " visitor=" + visitorId)
        + (amount == null ? "" : " " + amount.toPlainString() + " " + currency)
        + "}";
  }
}
