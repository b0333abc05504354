package io.clickpulse.jobs.aggregate;

import io.clickpulse.udf.enrich.EnrichedClick;

/**
 * A click as the minute aggregates see it: its dimensions and what they count, and what {@code
 * late_clicks} records if it comes too late. Small, because every click crosses the network to its
 * aggregate in this form.
 */
public class MinuteClick {
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
}
