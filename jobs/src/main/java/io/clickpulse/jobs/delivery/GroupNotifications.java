package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Noise control like Alertmanager's, per destination and alert fingerprint, in processing time: a
 * new group waits {@code group-wait} before its first notification (so a firing resolved at once
 * sends only the resolution), later changes go out at most every {@code group-interval}, and a
 * still-firing alert is repeated every {@code repeat-interval}. A group whose resolution went out
 * is cleared.
 */
public class GroupNotifications extends KeyedProcessFunction<String, Routed, Notification> {
  private final long groupWait;
  private final long groupInterval;
  private final long repeatInterval;

  private transient ValueState<Alert> latest;
  private transient ValueState<String> sentKey;
  private transient ValueState<Long> sentAt;
  private transient ValueState<Integer> repeats;
  private transient ValueState<Long> timer;

  public GroupNotifications(Duration groupWait, Duration groupInterval, Duration repeatInterval) {
    this.groupWait = groupWait.toMillis();
    this.groupInterval = groupInterval.toMillis();
    this.repeatInterval = repeatInterval.toMillis();
  }

  @Override
  public void open(OpenContext openContext) {
    latest = getRuntimeContext().getState(new ValueStateDescriptor<>("latest", Alert.class));
    sentKey = getRuntimeContext().getState(new ValueStateDescriptor<>("sent-key", String.class));
    sentAt = getRuntimeContext().getState(new ValueStateDescriptor<>("sent-at", Long.class));
    repeats = getRuntimeContext().getState(new ValueStateDescriptor<>("repeats", Integer.class));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
  }

  @Override
  public void processElement(Routed routed, Context ctx, Collector<Notification> out)
      throws Exception {
    Alert current = latest.value();
    // A firing must not overwrite the resolution of the same episode (replays, reordering).
    if (current != null
        && current.alertId.equals(routed.alert.alertId)
        && "resolved".equals(current.status)
        && "firing".equals(routed.alert.status)) {
      return;
    }
    latest.update(routed.alert);
    long now = ctx.timerService().currentProcessingTime();
    long due =
        sentAt.value() == null ? now + groupWait : Math.max(now, sentAt.value() + groupInterval);
    Long pending = timer.value();
    if (pending == null || pending > due) {
      if (pending != null) {
        ctx.timerService().deleteProcessingTimeTimer(pending);
      }
      ctx.timerService().registerProcessingTimeTimer(due);
      timer.update(due);
    }
  }

  @Override
  public void onTimer(long now, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    timer.clear();
    Alert alert = latest.value();
    if (alert == null) {
      return;
    }
    String key = alert.alertId + "." + alert.status;
    String destination = ctx.getCurrentKey().substring(0, ctx.getCurrentKey().indexOf('|'));
    if (!key.equals(sentKey.value())) {
      out.collect(Notification.of(destination, alert, 0));
      sentKey.update(key);
      sentAt.update(now);
      repeats.update(0);
    } else if ("firing".equals(alert.status) && now - sentAt.value() >= repeatInterval) {
      int repeat = repeats.value() + 1;
      out.collect(Notification.of(destination, alert, repeat));
      sentAt.update(now);
      repeats.update(repeat);
    }
    if ("resolved".equals(alert.status)) {
      latest.clear();
      sentKey.clear();
      sentAt.clear();
      repeats.clear();
    } else {
      long next = sentAt.value() + repeatInterval;
      ctx.timerService().registerProcessingTimeTimer(next);
      timer.update(next);
    }
  }
}
