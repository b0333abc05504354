package io.clickpulse.udf.event;

import java.time.Duration;
import java.util.Arrays;

/**
 * How far event time has got in one Kafka partition, robust to a minority of clients with wrong
 * clocks. The partition's watermark follows {@link #progress()}, not the newest event time seen.
 *
 * <p>The reference is the lower median of the last {@value #RECENT} event times: as long as fewer
 * than half of a partition's recent events come from skewed clocks, it stays with the majority. The
 * newest events are about half a window of event spacing past the median, so an event is
 * <em>ahead</em> when it exceeds the median by more than {@value #MARGIN} windows of spacing plus
 * {@code maxLead}. The spacing is the median gap between neighbouring times in the newer half of
 * the window, divided by ln 2 (the median of exponential gaps is ln 2 times their mean): the newer
 * half, because after a burst its gaps are the partition's pace, not the burst's (with the whole
 * window the events after a burst were taken as ahead and the benchmark's alert timeline stalled);
 * the median gap, because neither a few old events re-sent (wide gaps below) nor a fast clock (its
 * events together far above) moves it. It scales with the partition: milliseconds on a busy one,
 * minutes on one whose events are minutes apart. But on a sparse partition a fast producer's events
 * come in runs that make a third of the recent times, their own wide spacing sets the margin, and
 * the margin outgrows their lead. So an event is also ahead when it lies above a <em>jump</em> past
 * the median, {@value #JUMP} times the median gap below it, while at least half as many events as
 * lie between the jump and it have arrived below the jump since the first of those: the other
 * clocks go on under a fast clock's run, whereas after a silent spell, which leaves a jump too, the
 * newer events all land above it. An event that is ahead is kept (its own minute counts it) but
 * does not advance progress. Progress is the newest event that was not ahead, or the median when
 * that is newer: after a genuine jump in event time the partition still advances once half of its
 * recent events are past the jump.
 *
 * <p>So an event up to {@code maxLead} past the usual spread moves progress that far past the
 * majority, and the watermark (progress less the out-of-orderness) stays behind the others' on-time
 * events only while {@code maxLead} is below the out-of-orderness. The rule before this one took
 * twice the smaller quartile distance as the spread: on a partition with a few events a minute that
 * estimate is noisy, and 23 % (6 a minute) to 57 % (2 a minute) of right clocks' events were taken
 * as ahead; with a lead of 1 minute, a fast producer's events re-sent minutes later (under a minute
 * ahead) put 8-10 % of the others' on-time clicks behind their partition's watermark, too late for
 * the bot patterns. Now at most 1 % and 0.5 % with a 20 s lead (EventTimeProgressTest,
 * WatermarksOnRealisticTrafficTest).
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

  private static final double LN_2 = Math.log(2);

  /**
   * How many windows of spacing past the median an event must be to be ahead: right clocks' newest
   * events are about half a window past it. Measured (docs/events.md): 1.25 recognised 89 % of a
   * 4-minute-fast producer's events on the delivery test's traffic, 1.1 recognises 95 %, and takes
   * at most 0.6 % of right clocks' events as ahead on partitions with 2 and 6 events a minute.
   */
  static final double MARGIN = 1.1;

  /**
   * How many times the median gap below it a jump in the recent times must be to separate a fast
   * clock's events: with 8 its events on sparse partitions are recognised (docs/events.md), and
   * right clocks' events on partitions with 1 to 20 events a minute are not taken as ahead.
   */
  static final int JUMP = 8;

  /** Events seen after a (re)start before progress moves: a full window (class comment). */
  static final int WARM_UP = RECENT;

  private final long maxLeadMillis;
  private final long[] arrivals = new long[RECENT];
  private final long[] sorted = new long[RECENT];
  private final long[] gaps = new long[RECENT - 1];
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
    long lead = eventTime - median;
    // Most events are within the lead alone: no need to sort the gaps for them.
    boolean ahead =
        lead > maxLeadMillis
            && (lead > MARGIN * size * meanGap() + maxLeadMillis || aboveAJump(eventTime));
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
      recent[i] = arrival(i);
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

  /** The mean spacing of the recent event times, from their median gap (class comment). */
  private double meanGap() {
    if (size < 2) {
      return 0;
    }
    int n = 0;
    for (int i = (size - 1) / 2 + 1; i < size; i++) {
      gaps[n++] = sorted[i] - sorted[i - 1];
    }
    Arrays.sort(gaps, 0, n);
    return gaps[(n - 1) / 2] / LN_2;
  }

  /**
   * Whether {@code eventTime} lies above a jump in the recent times, past the median, that the
   * other clocks keep arriving below (class comment).
   */
  private boolean aboveAJump(long eventTime) {
    int at = Arrays.binarySearch(sorted, 0, size, eventTime);
    for (int i = (size - 1) / 2 + 1; i <= at; i++) {
      long jump = sorted[i] - sorted[i - 1];
      if (jump > maxLeadMillis
          && jump > JUMP * medianGap(i - 1)
          && 2 * arrivedBelowSince(sorted[i], eventTime) >= at - i + 1) {
        return true;
      }
    }
    return false;
  }

  /** The median gap between neighbouring recent times up to index {@code last}. */
  private long medianGap(int last) {
    for (int i = 1; i <= last; i++) {
      gaps[i - 1] = sorted[i] - sorted[i - 1];
    }
    Arrays.sort(gaps, 0, last);
    return last == 0 ? 0 : gaps[(last - 1) / 2];
  }

  /**
   * How many events arrived below {@code low} after the first one between {@code low} and {@code
   * high}.
   */
  private int arrivedBelowSince(long low, long high) {
    int below = 0;
    boolean sinceFirst = false;
    for (int i = 0; i < size; i++) {
      long t = arrival(i);
      if (t < low) {
        below += sinceFirst ? 1 : 0;
      } else if (t <= high) {
        sinceFirst = true;
      }
    }
    return below;
  }

  /** The {@code i}-th recent event time in arrival order, oldest first. */
  private long arrival(int i) {
    return arrivals[size == RECENT ? (oldest + i) % RECENT : i];
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
