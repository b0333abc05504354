package io.clickpulse.jobs.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batches one feed's items (the key is the feed's name), in processing time: a batch goes when it
 * holds {@code batch-size} items or its oldest item has waited {@code max-wait}, and at most {@code
 * max-per-second} batches a second (items wait in state meanwhile). Each batch becomes one {@link
 * Notification} for the feed's destination, whose delivery (signing, retries, dead letters, the
 * destination's rate limit) is the alerts' ({@link DeliverNotifications}).
 *
 * <p>Checkpoint-safe: items wait in keyed state until their batch is emitted, and the emitted batch
 * is in the delivery operator's state from then on, so a restored job loses none; at most a batch
 * in flight at a failure is sent again.
 */
public class BatchFeedItems extends KeyedProcessFunction<String, FeedItem, Notification> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchFeedItems.class);

  private final Map<String, FeedSettings> feeds = new HashMap<>();

  private transient ListState<FeedItem> buffer;

  /** How many items wait, and when the oldest came: no list read per item. */
  private transient ValueState<Integer> size;

  private transient ValueState<Long> oldestAt;

  /** The timer set, at most one: when the next batch is due (or allowed). */
  private transient ValueState<Long> timer;

  /** When this feed may send its next batch (max-per-second). */
  private transient ValueState<Long> nextBatchAt;

  public BatchFeedItems(List<FeedSettings> feeds) {
    feeds.forEach(f -> this.feeds.put(f.name, f));
  }

  @Override
  public void open(OpenContext openContext) {
    buffer = getRuntimeContext().getListState(new ListStateDescriptor<>("items", FeedItem.class));
    size = getRuntimeContext().getState(new ValueStateDescriptor<>("size", Integer.class));
    oldestAt = getRuntimeContext().getState(new ValueStateDescriptor<>("oldest-at", Long.class));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
    nextBatchAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-batch-at", Long.class));
  }

  @Override
  public void processElement(FeedItem item, Context ctx, Collector<Notification> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    item.receivedAt = now;
    buffer.add(item);
    int n = size.value() == null ? 1 : size.value() + 1;
    size.update(n);
    if (oldestAt.value() == null) {
      oldestAt.update(now);
    }
    settle(ctx, now, out);
  }

  @Override
  public void onTimer(long at, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    timer.clear();
    settle(ctx, ctx.timerService().currentProcessingTime(), out);
  }

  /** Emits every batch that is due and allowed, then sets the one timer for the next. */
  private void settle(Context ctx, long now, Collector<Notification> out) throws Exception {
    FeedSettings feed = feeds.get(ctx.getCurrentKey());
    if (feed == null) {
      // Restored after the feed was removed from the config: what it buffered goes with it.
      LOG.warn(
          "Dropping {} buffered items of feed {}, no longer configured",
          size.value(),
          ctx.getCurrentKey());
      buffer.clear();
      size.clear();
      oldestAt.clear();
      nextBatchAt.clear();
      setTimer(ctx, null);
      return;
    }
    while (size.value() != null) {
      int n = size.value();
      long dueAt =
          n >= feed.itemsPerBatch() ? now : oldestAt.value() + feed.maxWaitDuration().toMillis();
      long allowedAt = nextBatchAt.value() == null ? Long.MIN_VALUE : nextBatchAt.value();
      long at = Math.max(dueAt, allowedAt);
      if (at > now) {
        setTimer(ctx, at);
        return;
      }
      emit(feed, now, out);
    }
    // Nothing waits: the limit's timer clears the last state when it has passed.
    Long limit = nextBatchAt.value();
    if (limit != null && limit > now) {
      setTimer(ctx, limit);
    } else {
      nextBatchAt.clear();
      setTimer(ctx, null);
    }
  }

  /** The first batch-size items as one notification; the rest wait. */
  private void emit(FeedSettings feed, long now, Collector<Notification> out) throws Exception {
    List<FeedItem> batch = new ArrayList<>(feed.itemsPerBatch());
    List<FeedItem> rest = new ArrayList<>();
    for (FeedItem item : buffer.get()) {
      (batch.size() < feed.itemsPerBatch() ? batch : rest).add(item);
    }
    FeedBatch b = FeedBatch.of(feed.name, batch);
    b.single = FeedSettings.ITEM.equals(feed.body);
    out.collect(Notification.of(feed.destination, b));
    if (rest.isEmpty()) {
      buffer.clear();
      size.clear();
      oldestAt.clear();
    } else {
      buffer.update(rest);
      size.update(rest.size());
      oldestAt.update(rest.get(0).receivedAt);
    }
    if (feed.minIntervalMillis() > 0) {
      nextBatchAt.update(now + feed.minIntervalMillis());
    }
  }

  private void setTimer(Context ctx, Long at) throws Exception {
    Long set = timer.value();
    if (set != null && set.equals(at)) {
      return;
    }
    if (set != null) {
      ctx.timerService().deleteProcessingTimeTimer(set);
      timer.clear();
    }
    if (at != null) {
      ctx.timerService().registerProcessingTimeTimer(at);
      timer.update(at);
    }
  }
}
