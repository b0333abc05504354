package io.clickpulse.jobs.alert;

import java.util.Arrays;
import java.util.List;

/**
 * One client's latest clicks in event-time order, as many as the longest bot pattern needs, and for
 * each pattern how many of them came after its last match. Kept as plain arrays so that Flink
 * serializes it as a POJO (this is keyed state).
 */
public class RecentClicks {
  public ClientClick[] clicks = new ClientClick[0];

  /** Per {@link ClientPattern} ordinal: clicks since that pattern's last match. */
  public int[] sinceMatch = new int[ClientPattern.values().length];

  /**
   * Until when (event time) the client counts as a bot, after its latest match: its clicks are
   * marked with {@link #caughtBy}. 0: never caught.
   */
  public long caughtUntil;

  /** The {@link io.clickpulse.udf.enrich.BotReason} code of the latest match. */
  public String caughtBy = "";

  public RecentClicks() {}

  /** Forgets the clicks (none can join a run any more), keeping whether the client is caught. */
  void forgetClicks() {
    clicks = new ClientClick[0];
    Arrays.fill(sinceMatch, 0);
  }

  /** The bot reason of a click of this client at {@code eventTime}, or null if not caught then. */
  String caughtAt(long eventTime) {
    return eventTime <= caughtUntil ? caughtBy : null;
  }

  /** Appends the client's next click, dropping the oldest beyond {@code capacity}. */
  void append(ClientClick click, int capacity) {
    int keep = Math.min(clicks.length, capacity - 1);
    ClientClick[] next = Arrays.copyOfRange(clicks, clicks.length - keep, clicks.length + 1);
    next[keep] = click;
    clicks = next;
    for (int i = 0; i < sinceMatch.length; i++) {
      sinceMatch[i] = Math.min(sinceMatch[i] + 1, capacity);
    }
  }

  /** The latest {@code n} clicks, oldest first. */
  List<ClientClick> latest(int n) {
    return Arrays.asList(clicks).subList(clicks.length - n, clicks.length);
  }

  boolean isEmpty() {
    return clicks.length == 0;
  }

  long lastEventTime() {
    return clicks[clicks.length - 1].eventTime;
  }
}
