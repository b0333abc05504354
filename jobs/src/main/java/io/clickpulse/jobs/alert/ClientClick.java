package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;

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
}
