package io.clickpulse.jobs.conversion;

import io.clickpulse.udf.conversion.Attribution;
import io.clickpulse.udf.conversion.AttributionClick;
import io.clickpulse.udf.conversion.ConversionEvent;
import java.math.BigDecimal;

/**
 * One row of ClickHouse {@code conversions} (V013): a conversion and one click's credit for it, or
 * the conversion alone (model {@code none}). A POJO for Flink's serializer.
 *
 * <p>{@link #slot} is part of the table's key with {@link #conversionId}: 0 holds the conversion's
 * primary row (its last click, or {@code none}), 1.. its assisted clicks, most recent first. A
 * replay that credits another click overwrites the row instead of counting the conversion twice.
 */
public class AttributedConversion {
  public String conversionId;

  /** lead, signup or sale. */
  public String conversionType;

  /** When the conversion happened, epoch ms UTC. */
  public long conversionTime;

  /** Null when the conversion had none. */
  public BigDecimal amount;

  public String currency;
  public String contactId;

  /** The keyed visitor hash, when the conversion's visitor is known. */
  public Long visitorId;

  /** The producer's hints, as sent. */
  public String hintLinkId;

  public String hintCampaignId;

  public boolean isTest;

  /** last_click, assisted or none. */
  public String model;

  public int slot;
  public double weight;

  /** The credited click; all null (clickTime 0) for model none. */
  public String clickId;

  public long clickTime;
  public String linkId;
  public String campaignId;
  public String channel;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;

  /** The event time attribution was made at: the version that lets a later attribution win. */
  public long attributedAt;

  public AttributedConversion() {}

  /** The row of {@code credit} (slot {@code slot}) for {@code conversion}. */
  static AttributedConversion credited(
      ConversionEvent conversion, Attribution.Credit credit, int slot, long attributedAt) {
    AttributedConversion r = of(conversion, credit.model(), slot, attributedAt);
    r.weight = credit.weight();
    AttributionClick c = credit.click();
    r.clickId = c.clickId;
    r.clickTime = c.eventTime;
    r.linkId = c.linkId;
    r.campaignId = c.campaignId;
    r.channel = c.channel;
    r.utmSource = c.utmSource;
    r.utmMedium = c.utmMedium;
    r.utmCampaign = c.utmCampaign;
    return r;
  }

  /** The single row of a conversion no qualifying click led to. */
  static AttributedConversion unattributed(ConversionEvent conversion, long attributedAt) {
    AttributedConversion r = of(conversion, Attribution.Model.NONE, 0, attributedAt);
    r.weight = 0;
    return r;
  }

  private static AttributedConversion of(
      ConversionEvent e, Attribution.Model model, int slot, long attributedAt) {
    AttributedConversion r = new AttributedConversion();
    r.conversionId = e.conversionId;
    r.conversionType = e.type.json();
    r.conversionTime = e.eventTime;
    r.amount = e.amount;
    r.currency = e.currency;
    r.contactId = e.contactId;
    r.visitorId = e.visitorId;
    r.hintLinkId = e.linkId;
    r.hintCampaignId = e.campaignId;
    r.isTest = e.isTest;
    r.model = model.code();
    r.slot = slot;
    r.attributedAt = attributedAt;
    return r;
  }

  @Override
  public String toString() {
    return conversionId + " " + model + " " + (clickId == null ? "-" : clickId) + " " + weight;
  }
}
