package io.clickpulse.jobs.alert;

import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.writeString;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.IOException;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * A click as the client patterns see it: only what they match on and report. Kept small because CEP
 * stores every buffered event in state.
 */
public class ClientClick {
  /** Keyed hash of IP and user agent. */
  public long visitorId;

  /** Which click it is: a match marks its run's clicks as bots by id. */
  public String eventId;

  public long eventTime;
  public String linkId;
  public String campaignId;
  public String owner;
  public String userAgent;
  public String ipNetwork;

  /** For the alert's context: whether enrichment took the click for a human, where it came from. */
  public boolean human;

  public String country;
  public String referrerDomain;

  public ClientClick() {}

  public static ClientClick of(EnrichedClick c) {
    ClientClick k = new ClientClick();
    k.visitorId = c.visitorId;
    k.eventId = c.click.eventId;
    k.eventTime = c.click.eventTime;
    k.linkId = c.click.linkId;
    k.campaignId = c.click.campaignId == null ? "" : c.click.campaignId;
    k.owner = c.click.campaignOwner == null ? "" : c.click.campaignOwner;
    k.userAgent = c.click.userAgent == null ? "" : c.click.userAgent;
    k.ipNetwork = c.ipNetwork;
    k.human = !c.isBot;
    k.country = c.click.country;
    k.referrerDomain = c.referrerDomain;
    return k;
  }

  /**
   * Every field, in declaration order: part of the client patterns' state ({@code RecentClicks}).
   */
  void write(DataOutputView out) throws IOException {
    out.writeLong(visitorId);
    writeString(eventId, out);
    out.writeLong(eventTime);
    writeString(linkId, out);
    writeString(campaignId, out);
    writeString(owner, out);
    writeString(userAgent, out);
    writeString(ipNetwork, out);
    out.writeBoolean(human);
    writeString(country, out);
    writeString(referrerDomain, out);
  }

  /** A click as {@link #write} wrote it. */
  static ClientClick read(DataInputView in) throws IOException {
    ClientClick c = new ClientClick();
    c.visitorId = in.readLong();
    c.eventId = readString(in);
    c.eventTime = in.readLong();
    c.linkId = readString(in);
    c.campaignId = readString(in);
    c.owner = readString(in);
    c.userAgent = readString(in);
    c.ipNetwork = readString(in);
    c.human = in.readBoolean();
    c.country = readString(in);
    c.referrerDomain = readString(in);
    return c;
  }
}
