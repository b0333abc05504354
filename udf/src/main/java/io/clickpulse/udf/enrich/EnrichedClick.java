package io.clickpulse.udf.enrich;

import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A validated click with everything derived from it: the row written to ClickHouse's {@code clicks}
 * table. {@code click.ip} is always null here: the raw address never leaves enrichment.
 */
public class EnrichedClick {
  public ClickEvent click;

  public String utmSource;
  public String utmMedium;
  public String utmCampaign;
  public String utmTerm;
  public String utmContent;
  public String channel;

  /** Which of utm_source, utm_medium and channel the taxonomy did not know. */
  public List<String> utmUnknown = new ArrayList<>();

  public String taxonomyVersion;

  public String browser;
  public String browserVersion;
  public String os;
  public String deviceClass;

  public boolean isBot;

  /** A {@link BotReason} code, "" for humans. */
  public String botReason;

  public String referrerDomain;

  /** Keyed hash of IP and user agent: counts unique visitors, identifies a client. */
  public long visitorId;

  /** Keyed hash of the IP alone. */
  public long ipHash;

  /** The client's /24 (IPv4) or /48 (IPv6) network. */
  public String ipNetwork;

  // From the link catalog (docs/links.md), stamped by the link stage's join when it knows the
  // link; empty when it does not or when the stage is off.
  public String campaignName = "";
  public String linkOwner = "";
  public List<String> linkTags = new ArrayList<>();
  public String linkPriority = "";
  public String contactId = "";

  public EnrichedClick() {}
}
