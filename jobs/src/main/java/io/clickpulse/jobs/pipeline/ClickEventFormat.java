package io.clickpulse.jobs.pipeline;

import static io.clickpulse.jobs.wire.WireValues.readNullableInt;
import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.readStringMap;
import static io.clickpulse.jobs.wire.WireValues.writeNullableInt;
import static io.clickpulse.jobs.wire.WireValues.writeString;
import static io.clickpulse.jobs.wire.WireValues.writeStringMap;

import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import io.clickpulse.udf.event.ClickEvent;
import java.io.IOException;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/** A {@link ClickEvent} between tasks: every field, in declaration order. */
public final class ClickEventFormat implements WireFormat<ClickEvent> {
  private static final long serialVersionUID = 1L;

  public static final WireTypeInfo<ClickEvent> TYPE =
      new WireTypeInfo<>(ClickEvent.class, new ClickEventFormat());

  @Override
  public void write(ClickEvent c, DataOutputView out) throws IOException {
    writeString(c.eventId, out);
    out.writeLong(c.eventTime);
    writeString(c.linkId, out);
    writeString(c.shortUrl, out);
    writeString(c.destinationUrl, out);
    writeString(c.linkDomain, out);
    writeString(c.utmSource, out);
    writeString(c.utmMedium, out);
    writeString(c.utmCampaign, out);
    writeString(c.utmTerm, out);
    writeString(c.utmContent, out);
    writeString(c.campaignId, out);
    writeString(c.campaignOwner, out);
    writeString(c.channel, out);
    writeString(c.referrer, out);
    writeString(c.userAgent, out);
    writeString(c.ip, out);
    writeString(c.httpMethod, out);
    writeNullableInt(c.redirectStatus, out);
    writeString(c.country, out);
    out.writeBoolean(c.isTest);
    writeStringMap(c.custom, out);
    out.writeInt(c.sourcePartition);
    out.writeLong(c.sourceOffset);
    out.writeLong(c.contentHash);
    out.writeLong(c.clockAheadMillis);
    out.writeBoolean(c.tooLate);
  }

  @Override
  public ClickEvent read(DataInputView in) throws IOException {
    ClickEvent c = new ClickEvent();
    c.eventId = readString(in);
    c.eventTime = in.readLong();
    c.linkId = readString(in);
    c.shortUrl = readString(in);
    c.destinationUrl = readString(in);
    c.linkDomain = readString(in);
    c.utmSource = readString(in);
    c.utmMedium = readString(in);
    c.utmCampaign = readString(in);
    c.utmTerm = readString(in);
    c.utmContent = readString(in);
    c.campaignId = readString(in);
    c.campaignOwner = readString(in);
    c.channel = readString(in);
    c.referrer = readString(in);
    c.userAgent = readString(in);
    c.ip = readString(in);
    c.httpMethod = readString(in);
    c.redirectStatus = readNullableInt(in);
    c.country = readString(in);
    c.isTest = in.readBoolean();
    c.custom = readStringMap(new TreeMap<>(), in);
    c.sourcePartition = in.readInt();
    c.sourceOffset = in.readLong();
    c.contentHash = in.readLong();
    c.clockAheadMillis = in.readLong();
    c.tooLate = in.readBoolean();
    return c;
  }
}
