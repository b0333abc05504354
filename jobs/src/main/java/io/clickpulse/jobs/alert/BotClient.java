package io.clickpulse.jobs.alert;

/** A client caught by a bot pattern: a row of ClickHouse's {@code bot_clients} table. */
public class BotClient {
  /** The client fingerprint: keyed hash of IP and user agent (the clicks table's visitor_id). */
  public long visitorId;

  public String rule;
  public long firstSeen;
  public long lastSeen;
  public long clicks;
  public long distinctLinks;
  public String sampleLinks;
  public String userAgent;

  public BotClient() {}
}
