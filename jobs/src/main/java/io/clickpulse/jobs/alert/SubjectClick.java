package io.clickpulse.jobs.alert;

import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.writeString;

import io.clickpulse.jobs.aggregate.ClickCounts;
import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A click as seen by the per-subject rules: the subject it counts for and what it counts. */
public class SubjectClick {
  public static final String LINK = "link";
  public static final String CAMPAIGN = "campaign";

  /** The type of the stream to the minute observer: {@link Format} on the network. */
  public static final WireTypeInfo<SubjectClick> TYPE =
      new WireTypeInfo<>(SubjectClick.class, new Format());

  public String subjectType;
  public String subjectId;
  public String linkId;
  public String campaignId;
  public String owner;
  public long eventTime;
  public boolean human;

  /**
   * From a clock running ahead (see {@code ClickEvent.clockAheadMillis}): no watermark follows it.
   */
  public boolean clockAhead;

  public boolean redirectError;
  public String referrerDomain;
  public String country;

  /** Constant per link: an alert takes them from the subject's latest click. */
  public String shortUrl;

  public String destinationUrl;
  public String linkDomain;
  public String channel;
  public String utmSource;
  public String utmMedium;
  public String utmCampaign;

  /** The link catalog's (empty without the link stage or for an unknown link). */
  public String campaignName;

  /** As the redirect returned it; 0 = unreachable, -1 = not reported. */
  public int redirectStatus;

  public SubjectClick() {}

  static SubjectClick of(EnrichedClick c, String subjectType, String subjectId) {
    SubjectClick s = new SubjectClick();
    s.subjectType = subjectType;
    s.subjectId = subjectId;
    s.linkId = c.click.linkId;
    s.campaignId = c.click.campaignId == null ? "" : c.click.campaignId;
    s.owner = catalogOwnerOr(c);
    s.eventTime = c.click.eventTime;
    s.human = !c.isBot;
    s.clockAhead = c.click.clockAheadMillis > 0;
    s.redirectError = ClickCounts.isRedirectError(c.click.redirectStatus);
    s.referrerDomain = c.referrerDomain.isEmpty() ? "(direct)" : c.referrerDomain;
    s.country = c.click.country == null ? "??" : c.click.country;
    s.shortUrl = orEmpty(c.click.shortUrl);
    s.destinationUrl = orEmpty(c.click.destinationUrl);
    s.linkDomain = orEmpty(c.click.linkDomain);
    s.channel = orEmpty(c.channel);
    s.utmSource = orEmpty(c.utmSource);
    s.utmMedium = orEmpty(c.utmMedium);
    s.utmCampaign = orEmpty(c.utmCampaign);
    s.campaignName = orEmpty(c.campaignName);
    s.redirectStatus = c.click.redirectStatus == null ? -1 : c.click.redirectStatus;
    return s;
  }

  /** The link catalog's owner when it knows the link (it answers for it), else the click's. */
  static String catalogOwnerOr(EnrichedClick c) {
    return c.linkOwner == null || c.linkOwner.isEmpty() ? c.click.campaignOwner : c.linkOwner;
  }

  static String orEmpty(String value) {
    return value == null ? "" : value;
  }

  /** The key the rules are evaluated per: "link:ID" or "campaign:ID". */
  public String subjectKey() {
    return subjectType + ":" + subjectId;
  }

  /** Every field, in declaration order. */
  public static final class Format implements WireFormat<SubjectClick> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(SubjectClick s, DataOutputView out) throws IOException {
      writeString(s.subjectType, out);
      writeString(s.subjectId, out);
      writeString(s.linkId, out);
      writeString(s.campaignId, out);
      writeString(s.owner, out);
      out.writeLong(s.eventTime);
      out.writeBoolean(s.human);
      out.writeBoolean(s.clockAhead);
      out.writeBoolean(s.redirectError);
      writeString(s.referrerDomain, out);
      writeString(s.country, out);
      writeString(s.shortUrl, out);
      writeString(s.destinationUrl, out);
      writeString(s.linkDomain, out);
      writeString(s.channel, out);
      writeString(s.utmSource, out);
      writeString(s.utmMedium, out);
      writeString(s.utmCampaign, out);
      writeString(s.campaignName, out);
      out.writeInt(s.redirectStatus);
    }

    @Override
    public SubjectClick read(DataInputView in) throws IOException {
      SubjectClick s = new SubjectClick();
      s.subjectType = readString(in);
      s.subjectId = readString(in);
      s.linkId = readString(in);
      s.campaignId = readString(in);
      s.owner = readString(in);
      s.eventTime = in.readLong();
      s.human = in.readBoolean();
      s.clockAhead = in.readBoolean();
      s.redirectError = in.readBoolean();
      s.referrerDomain = readString(in);
      s.country = readString(in);
      s.shortUrl = readString(in);
      s.destinationUrl = readString(in);
      s.linkDomain = readString(in);
      s.channel = readString(in);
      s.utmSource = readString(in);
      s.utmMedium = readString(in);
      s.utmCampaign = readString(in);
      s.campaignName = readString(in);
      s.redirectStatus = in.readInt();
      return s;
    }
  }
}
