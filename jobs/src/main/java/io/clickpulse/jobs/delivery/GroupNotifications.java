package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Grouping like Alertmanager's, keyed by destination, in processing time. Each route's {@code
 * group-by} labels make the groups (see {@link AlertGroup}): a new group waits {@code group-wait},
 * then sends one notification listing its alerts; changes go out at most every {@code
 * group-interval}; while any alert fires the group repeats every {@code repeat-interval}; when all
 * its alerts resolved or expired ({@code resolve-timeout}) it sends a resolved notice and its state
 * is dropped.
 *
 * <p>Bounded per destination: at most {@code max-groups-per-owner} groups per owner (the rest of
 * that owner's alerts fold into one overflow group) and {@code max-alerts} alerts per group (the
 * rest only counted), so a client that rotates its user agent, a new alert per click, cannot make
 * messages or state grow without end. One processing-time timer per destination, at the earliest
 * group's due time.
 */
public class GroupNotifications extends KeyedProcessFunction<String, Routed, Notification> {
  private final DeliveryConfig config;

  private transient Map<Integer, GroupPolicy> policies;
  transient MapState<String, AlertGroup> groups;
  private transient ValueState<Long> timer;

  public GroupNotifications(DeliveryConfig config) {
    this.config = config;
  }

  @Override
  public void open(OpenContext openContext) {
    policies = new HashMap<>();
    groups =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("groups", String.class, AlertGroup.class));
    timer = getRuntimeContext().getState(new ValueStateDescriptor<>("timer", Long.class));
  }

  private GroupPolicy policy(int route) {
    return policies.computeIfAbsent(route, config::groupPolicy);
  }

  @Override
  public void processElement(Routed routed, Context ctx, Collector<Notification> out)
      throws Exception {
    Alert alert = routed.alert;
    long now = ctx.timerService().currentProcessingTime();
    GroupPolicy p = policy(routed.route);
    Map<String, String> labels = p.groupLabels(alert);
    String key = routed.route + ":" + render(labels);
    AlertGroup g = groups.get(key);
    if (g == null) {
      String bucket = p.perOwner() ? labels.get("owner") : "";
      if (groupsOf(bucket) >= config.maxGroupsPerOwner()) {
        key = routed.route + ":overflow" + (p.perOwner() ? ":{owner=\"" + bucket + "\"}" : "");
        g = groups.get(key);
        if (g == null) {
          Map<String, String> overflowLabels = new java.util.LinkedHashMap<>();
          if (p.perOwner()) {
            overflowLabels.put("owner", bucket);
          }
          g = AlertGroup.open(key, routed.route, bucket, true, overflowLabels, alert, now);
        }
      } else {
        g = AlertGroup.open(key, routed.route, bucket, false, labels, alert, now);
      }
    }
    g.offer(alert, now, config.resolveTimeout(alert.rule).toMillis(), config.maxAlertsPerGroup());
    groups.put(key, g);
    reschedule(ctx.timerService(), now);
  }

  @Override
  public void onTimer(long now, OnTimerContext ctx, Collector<Notification> out) throws Exception {
    timer.clear();
    List<String> done = new ArrayList<>();
    List<AlertGroup> changed = new ArrayList<>();
    for (AlertGroup g : groups.values()) {
      GroupPolicy p = policy(g.route);
      if (g.nextDue(p) > now) {
        continue;
      }
      GroupNotice notice = g.flush(now, p, config.maxAlertsPerGroup());
      if (notice != null) {
        out.collect(
            Notification.of(ctx.getCurrentKey(), notice, g.lastWebhookId(notice.status), g.latest));
      }
      if (g.finished()) {
        done.add(g.key);
      } else {
        changed.add(g);
      }
    }
    for (String key : done) {
      groups.remove(key);
    }
    for (AlertGroup g : changed) {
      groups.put(g.key, g);
    }
    reschedule(ctx.timerService(), now + 1);
  }

  /** Live groups (overflow aside) counting against {@code bucket}'s bound. */
  private int groupsOf(String bucket) throws Exception {
    int n = 0;
    for (AlertGroup g : groups.values()) {
      if (!g.overflow && g.bucket.equals(bucket)) {
        n++;
      }
    }
    return n;
  }

  /** One timer per destination, at the earliest group's due time; none once no group is left. */
  private void reschedule(org.apache.flink.streaming.api.TimerService timers, long notBefore)
      throws Exception {
    long due = Long.MAX_VALUE;
    for (AlertGroup g : groups.values()) {
      due = Math.min(due, g.nextDue(policy(g.route)));
    }
    Long pending = timer.value();
    if (due == Long.MAX_VALUE) {
      if (pending != null) {
        timers.deleteProcessingTimeTimer(pending);
        timer.clear();
      }
      if (groups.isEmpty()) {
        groups.clear();
      }
      return;
    }
    due = Math.max(due, notBefore);
    if (pending == null || pending != due) {
      if (pending != null) {
        timers.deleteProcessingTimeTimer(pending);
      }
      timers.registerProcessingTimeTimer(due);
      timer.update(due);
    }
  }

  /** Labels as Alertmanager prints them: {@code {campaign_id="c1",rule="spike"}}. */
  static String render(Map<String, String> labels) {
    StringBuilder s = new StringBuilder("{");
    labels.forEach(
        (k, v) -> {
          if (s.length() > 1) {
            s.append(',');
          }
          s.append(k).append("=\"").append(v.replace("\"", "\\\"")).append('"');
        });
    return s.append('}').toString();
  }
}
