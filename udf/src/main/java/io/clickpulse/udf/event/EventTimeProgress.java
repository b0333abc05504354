package io.clickpulse.udf.event;

import java.time.Duration;
import java.util.Arrays;

/**
 * How far event time has got in one Kafka partition, robust to a minority of clients with wrong
 * clocks. The partition's watermark follows {@link #progress()}, not the newest event time seen.
 *
 * <p>The reference is the lower median of the last {@value #RECENT} event times: as long as fewer
 * than half of a partition's recent events come from skewed clocks, it stays with the majority. The
 * median trails the newest events by about twice its distance to either quartile (a few seconds on
 * a busy partition, minutes on one whose events are minutes apart), so an event is <em>ahead</em>
 * when it exceeds the median by more than that lag plus {@code maxLead}. The lag is the smaller of
 * the two estimates: a run of old events (a producer re-sending what it sent minutes ago) widens
 * the lower half only, and would otherwise let a fast clock through; fast clocks widen the upper
 * half only. An event that is ahead is kept (its own minute counts it) but does not advance
 * progress. Progress is the newest event that was not ahead, or the median when that is newer:
 * after a genuine jump in event time the partition still advances once half of its recent events
 * are past the jump.
 *
 * <p>Known limits (docs/events.md, measured): an event up to {@code maxLead} past the usual lag is
 * not ahead and moves progress that far past the majority, so with a lead above the
 * out-of-orderness the watermark can pass the others' on-time events (a fast producer's events
 * re-sent minutes later are under a minute ahead); and on a partition with a few events a minute
 * the lag estimate is noisy, so the newest events of right clocks are often taken as ahead.
 *
 * <p>A partition makes no progress until a full window of {@value #RECENT} events has been seen
 * after a (re)start. Then the window is the one an uninterrupted run has at that event, so are the
 * median and every verdict on what is ahead, and the restarted progress can never pass the
 * uninterrupted one: a replay after a restore never makes a click late that the first run had on
 * time. With a shorter warm-up (it was 8 events) a restart that read a run of the fast producer's
 * events first took their median as progress, 2.6 minutes past the reader, and a planted bot burst
 * was not matched after the restore (docs/reliability.md).
 */
public final class EventTimeProgress {
  /** Event times the median is taken over. */
  public static final int RECENT = 32;

  /** Events seen after a (re)start before progress moves: a full window (class comment). */
  static final int WARM_UP = RECENT;

  private final long maxLeadMillis;
  private final long[] arrivals = new long[RECENT];
  private final long[] sorted = new long[RECENT];
  private int size;
  private int oldest;
  private long newestOnTime = Long.MIN_VALUE;
  private long progress = Long.MIN_VALUE;

  public EventTimeProgress(Duration maxLead) {
    if (maxLead.isNegative()) {
      throw new IllegalArgumentException("maxLead must not be negative, was " + maxLead);
    }
    this.maxLeadMillis = maxLead.toMillis();
  }

  /**
   * Records one valid event's time and returns how far it is ahead of the partition's recent event
   * times when that is more than the allowed lead, else 0.
   */
  public long observe(long eventTime) {
    add(eventTime);
    long median = median();
    long lag = 2 * Math.min(median - sorted[(size - 1) / 4], sorted[3 * (size - 1) / 4] - median);
    long lead = eventTime - median;
    boolean ahead = lead > lag + maxLeadMillis;
    // With fewer events a fast clock cannot be told from the majority: no progress yet.
    if (size >= WARM_UP) {
      if (!ahead) {
        newestOnTime = Math.max(newestOnTime, eventTime);
      }
      progress = Math.max(progress, Math.max(newestOnTime, median));
    }
    return ahead ? lead : 0;
  }

  /**
   * The partition's place in event time as a checkpoint keeps it: the recent event times, oldest
   * first, the newest on-time event and the progress. {@link #restore} continues from it exactly as
   * if the events after it followed without a restart.
   */
  public record Snapshot(long[] recent, long newestOnTime, long progress) {}

  public Snapshot snapshot() {
    long[] recent = new long[size];
    for (int i = 0; i < size; i++) {
      recent[i] = arrivals[size == RECENT ? (oldest + i) % RECENT : i];
    }
    return new Snapshot(recent, newestOnTime, progress);
  }

  /** A partition's progress as {@link #snapshot} left it. */
  public static EventTimeProgress restore(Duration maxLead, Snapshot snapshot) {
    EventTimeProgress restored = new EventTimeProgress(maxLead);
    for (long eventTime : snapshot.recent()) {
      restored.add(eventTime);
    }
    restored.newestOnTime = snapshot.newestOnTime();
    restored.progress = snapshot.progress();
    return restored;
  }

  /**
   * The event time the partition has reached (never decreasing); {@code Long.MIN_VALUE} before any
   * event.
   */
  public long progress() {
    return progress;
  }

  private long median() {
    return sorted[(size - 1) / 2];
  }

  private void add(long eventTime) {
    if (size == RECENT) {
      remove(arrivals[oldest]);
      arrivals[oldest] = eventTime;
      oldest = (oldest + 1) % RECENT;
    } else {
      arrivals[size] = eventTime;
    }
    int at = Arrays.binarySearch(sorted, 0, size, eventTime);
    int insert = at >= 0 ? at : -at - 1;
    System.arraycopy(sorted, insert, sorted, insert + 1, size - insert);
    sorted[insert] = eventTime;
    size++;
  }

  private void remove(long eventTime) {
    int at = Arrays.binarySearch(sorted, 0, size, eventTime);
    System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
    size--;
  }
}
