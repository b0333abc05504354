package io.clickpulse.jobs.aggregate;

import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.writeString;

import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A click as the minute aggregates see it: its dimensions and what they count, and what {@code
 * late_clicks} records if it comes too late. Small, because every click crosses the network to its
 * aggregate in this form.
 */
public class MinuteClick {
  /** The type of the stream to the minute windows: {@link Format} on the network. */
  public static final WireTypeInfo<MinuteClick> TYPE =
      new WireTypeInfo<>(MinuteClick.class, new Format());

  public String eventId;
  public long eventTime;
  public MinuteKey key;
  public long visitorId;

  public boolean isBot;
  public String botReason;

  public boolean redirectError;

  public MinuteClick() {}

  public static MinuteClick of(EnrichedClick c) {
    MinuteClick m = new MinuteClick();
    m.eventId = c.click.eventId;
    m.eventTime = c.click.eventTime;
    m.key = MinuteKey.of(c);
    m.visitorId = c.visitorId;
    m.isBot = c.isBot;
    m.botReason = c.botReason;
    m.redirectError = ClickCounts.isRedirectError(c.click.redirectStatus);
    return m;
  }

  /** The aggregate it counts in: the key selector of the minute windows. */
  public MinuteKey key() {
    return key;
  }

  /** Every field, in declaration order, its key's too. */
  public static final class Format implements WireFormat<MinuteClick> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(MinuteClick m, DataOutputView out) throws IOException {
      writeString(m.eventId, out);
      out.writeLong(m.eventTime);
      writeString(m.key.linkId, out);
      writeString(m.key.campaignId, out);
      writeString(m.key.utmSource, out);
      writeString(m.key.utmMedium, out);
      writeString(m.key.utmCampaign, out);
      writeString(m.key.channel, out);
      writeString(m.key.country, out);
      writeString(m.key.deviceClass, out);
      out.writeBoolean(m.key.isBot);
      out.writeLong(m.visitorId);
      out.writeBoolean(m.isBot);
      writeString(m.botReason, out);
      out.writeBoolean(m.redirectError);
    }

    @Override
    public MinuteClick read(DataInputView in) throws IOException {
      MinuteClick m = new MinuteClick();
      m.eventId = readString(in);
      m.eventTime = in.readLong();
      m.key = new MinuteKey();
      m.key.linkId = readString(in);
      m.key.campaignId = readString(in);
      m.key.utmSource = readString(in);
      m.key.utmMedium = readString(in);
      m.key.utmCampaign = readString(in);
      m.key.channel = readString(in);
      m.key.country = readString(in);
      m.key.deviceClass = readString(in);
      m.key.isBot = in.readBoolean();
      m.visitorId = in.readLong();
      m.isBot = in.readBoolean();
      m.botReason = readString(in);
      m.redirectError = in.readBoolean();
      return m;
    }
  }
}
