package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.state.UnionSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * One-minute tumbling aggregates per {@link MinuteKey} in event time (input keyed by the key), with
 * the semantics of Flink's event-time window and allowed lateness: a minute's aggregates are
 * emitted when the watermark passes its end, each late click within the allowed lateness re-emits
 * its aggregate with the corrected counts, and later clicks go to {@link #TOO_LATE}.
 *
 * <p>Why not Flink's window operator: nearly every key has one click in a minute (a long tail of
 * links times countries, devices and campaigns), so a window per key and minute cost a
 * read-modify-write of RocksDB state and two timers per click. Here the open minutes are counted on
 * the heap and their timers are the watermark itself; what a task holds is the aggregates of the
 * minutes within the watermark's lag plus the allowed lateness, and checkpoints carry them as
 * operator state (redistributed by key on rescaling).
 */
public class MinuteWindows extends AbstractStreamOperator<MinuteAggregate>
    implements OneInputStreamOperator<MinuteClick, MinuteAggregate>, BoundedOneInput {
  /** Clicks later than the allowed lateness: counted in no aggregate. */
  public static final OutputTag<MinuteClick> TOO_LATE = new OutputTag<>("minute-too-late") {};

  private static final long MINUTE = 60_000;

  private final long allowedLatenessMillis;

  /** Per minute (its start), the counts of each key. */
  private transient TreeMap<Long, Map<MinuteKey, ClickCounts>> minutes;

  private transient UnionSnapshot<MinuteCounts> minutesState;
  private transient long watermark;

  /** One key's counts in one minute, as checkpointed. */
  public static class MinuteCounts {
    public long minute;
    public MinuteKey key;
    public ClickCounts counts;

    public MinuteCounts() {}

    MinuteCounts(long minute, MinuteKey key, ClickCounts counts) {
      this.minute = minute;
      this.key = key;
      this.counts = counts;
    }
  }

  public MinuteWindows(Duration allowedLateness) {
    this.allowedLatenessMillis = allowedLateness.toMillis();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    minutes = new TreeMap<>();
    watermark = Long.MIN_VALUE;
    minutesState =
        UnionSnapshot.register(
            context, getRuntimeContext().getTaskInfo(), "minutes", MinuteCounts.class, c -> c.key);
    for (MinuteCounts m : minutesState.restored()) {
      minutes.computeIfAbsent(m.minute, x -> new HashMap<>()).put(m.key, m.counts);
    }
  }

  @Override
  public void processElement(StreamRecord<MinuteClick> element) throws Exception {
    MinuteClick click = element.getValue();
    long minute = element.getTimestamp() - Math.floorMod(element.getTimestamp(), MINUTE);
    long lastMillis = minute + MINUTE - 1;
    if (lastMillis + allowedLatenessMillis <= watermark) {
      output.collect(TOO_LATE, element);
      return;
    }
    ClickCounts counts =
        minutes
            .computeIfAbsent(minute, m -> new HashMap<>())
            .computeIfAbsent(click.key, k -> new ClickCounts())
            .add(click);
    if (lastMillis <= watermark) {
      // A late click within the allowed lateness: the minute fired already, so fire it again.
      emit(minute, click.key, counts);
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    long previous = watermark;
    watermark = mark.getTimestamp();
    for (Map.Entry<Long, Map<MinuteKey, ClickCounts>> m : minutes.entrySet()) {
      long lastMillis = m.getKey() + MINUTE - 1;
      if (lastMillis > watermark) {
        break;
      }
      if (lastMillis > previous) {
        m.getValue().forEach((key, counts) -> emit(m.getKey(), key, counts));
      }
    }
    // Past the allowed lateness nothing can change a minute any more.
    long closed = watermark - allowedLatenessMillis - MINUTE + 2;
    if (closed < watermark) { // not wrapped around at the very first watermarks
      minutes.headMap(closed).clear();
    }
    super.processWatermark(mark);
  }

  /**
   * Every input has ended, so no click can change a minute any more: fire the open ones, also when
   * the final watermark did not come (Flink does not pass it on from sources that are idle when the
   * job is stopped with {@code --drain}).
   */
  @Override
  public void endInput() throws Exception {
    if (watermark != Long.MAX_VALUE) {
      processWatermark(Watermark.MAX_WATERMARK);
    }
  }

  private void emit(long minute, MinuteKey key, ClickCounts counts) {
    output.collect(
        new StreamRecord<>(MinuteAggregate.of(minute, key, counts), minute + MINUTE - 1));
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<MinuteCounts> all = new ArrayList<>();
    minutes.forEach(
        (minute, keys) -> keys.forEach((k, c) -> all.add(new MinuteCounts(minute, k, c))));
    minutesState.update(all);
  }
}
