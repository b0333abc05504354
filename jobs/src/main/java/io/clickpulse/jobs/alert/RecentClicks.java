package io.clickpulse.jobs.alert;

import static io.clickpulse.jobs.wire.WireValues.readCount;
import static io.clickpulse.jobs.wire.WireValues.readInts;
import static io.clickpulse.jobs.wire.WireValues.readString;
import static io.clickpulse.jobs.wire.WireValues.writeCount;
import static io.clickpulse.jobs.wire.WireValues.writeInts;
import static io.clickpulse.jobs.wire.WireValues.writeString;

import io.clickpulse.jobs.wire.WireFormat;
import io.clickpulse.jobs.wire.WireTypeInfo;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * One client's latest clicks in event-time order, as many as the longest bot pattern needs, and for
 * each pattern how many of them came after its last match. Keyed state, written at every click of
 * its client in its {@link Format} (savepoints from before it hold it as a POJO, migrated on
 * restore).
 */
public class RecentClicks {
  /** The state's type. */
  public static final WireTypeInfo<RecentClicks> TYPE =
      new WireTypeInfo<>(RecentClicks.class, new Format());

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

  /** Every field, in declaration order, each click's too. */
  public static final class Format implements WireFormat<RecentClicks> {
    private static final long serialVersionUID = 1L;

    @Override
    public void write(RecentClicks r, DataOutputView out) throws IOException {
      writeCount(r.clicks.length, out);
      for (ClientClick c : r.clicks) {
        c.write(out);
      }
      writeInts(r.sinceMatch, out);
      out.writeLong(r.caughtUntil);
      writeString(r.caughtBy, out);
    }

    @Override
    public RecentClicks read(DataInputView in) throws IOException {
      RecentClicks r = new RecentClicks();
      r.clicks = new ClientClick[readCount(in)];
      for (int i = 0; i < r.clicks.length; i++) {
        r.clicks[i] = ClientClick.read(in);
      }
      r.sinceMatch = readInts(in);
      r.caughtUntil = in.readLong();
      r.caughtBy = readString(in);
      return r;
    }
  }
}
