package io.clickpulse.jobs.pipeline;

import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.readStrings;
import static io.clickpulse.jobs.wire.WireValues.writeString;
import static io.clickpulse.jobs.wire.WireValues.writeStrings;

import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** An {@link EnrichedClick} between tasks: its click, then every field in declaration order. */
public final class EnrichedClickFormat implements WireFormat<EnrichedClick> {
  private static final long serialVersionUID = 1L;

  public static final WireTypeInfo<EnrichedClick> TYPE =
      new WireTypeInfo<>(EnrichedClick.class, new EnrichedClickFormat());

  private static final ClickEventFormat CLICK = new ClickEventFormat();

  @Override
  public void write(EnrichedClick c, DataOutputView out) throws IOException {
    CLICK.write(c.click, out);
    writeString(c.utmSource, out);
    writeString(c.utmMedium, out);
    writeString(c.utmCampaign, out);
    writeString(c.utmTerm, out);
    writeString(c.utmContent, out);
    writeString(c.channel, out);
    writeStrings(c.utmUnknown, out);
    writeString(c.taxonomyVersion, out);
    writeString(c.browser, out);
    writeString(c.browserVersion, out);
    writeString(c.os, out);
    writeString(c.deviceClass, out);
    out.writeBoolean(c.isBot);
    writeString(c.botReason, out);
    writeString(c.referrerDomain, out);
    out.writeLong(c.visitorId);
    out.writeLong(c.ipHash);
    writeString(c.ipNetwork, out);
    writeString(c.campaignName, out);
    writeString(c.linkOwner, out);
    writeStrings(c.linkTags, out);
    writeString(c.linkPriority, out);
    writeString(c.contactId, out);
  }

  @Override
  public EnrichedClick read(DataInputView in) throws IOException {
    EnrichedClick c = new EnrichedClick();
    c.click = CLICK.read(in);
    c.utmSource = readString(in);
    c.utmMedium = readString(in);
    c.utmCampaign = readString(in);
    c.utmTerm = readString(in);
    c.utmContent = readString(in);
    c.channel = readString(in);
    c.utmUnknown = readStrings(in);
    c.taxonomyVersion = readString(in);
    c.browser = readString(in);
    c.browserVersion = readString(in);
    c.os = readString(in);
    c.deviceClass = readString(in);
    c.isBot = in.readBoolean();
    c.botReason = readString(in);
    c.referrerDomain = readString(in);
    c.visitorId = in.readLong();
    c.ipHash = in.readLong();
    c.ipNetwork = readString(in);
    c.campaignName = readString(in);
    c.linkOwner = readString(in);
    c.linkTags = readStrings(in);
    c.linkPriority = readString(in);
    c.contactId = readString(in);
    return c;
  }
}
