package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.state.KeyedState;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Milestones, keyed by {@link SubjectClick#subjectKey} (human clicks of campaigns and priority
 * links that have milestones): one {@code firing} alert when the subject's cumulative human clicks
 * reach each of its milestone values. One-shot: there is nothing to resolve.
 *
 * <p>The id is the rule, the subject and the value, never a time, and the value is reached by
 * exactly one click whatever the order ({@link MilestoneProgress}), so replays give the same ids.
 * Cost: one state value per subject, read and written once per click, no timers; it expires by TTL
 * {@code milestones.forget-after} after the subject's last click (then it counts anew).
 */
public class MilestoneAlerts extends KeyedProcessFunction<String, SubjectClick, Alert> {
  public static final String RULE = "milestone";

  private final AlertRules rules;
  private transient ValueState<MilestoneProgress> progress;

  public MilestoneAlerts(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    ValueStateDescriptor<MilestoneProgress> descriptor =
        new ValueStateDescriptor<>("milestone-progress", MilestoneProgress.class);
    descriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(rules.milestonesForgetAfter()));
    progress = getRuntimeContext().getState(descriptor);
  }

  @Override
  public void processElement(SubjectClick click, Context ctx, Collector<Alert> out)
      throws Exception {
    List<Long> milestones = rules.milestones(click.subjectType, click.subjectId);
    if (!click.human || milestones.isEmpty()) {
      return;
    }
    MilestoneProgress subject = progress.value();
    if (subject == null) {
      subject = new MilestoneProgress();
    }
    long reached = subject.count(click.eventTime, milestones);
    progress.update(subject);
    if (reached > 0) {
      out.collect(alert(click, subject, reached));
    }
  }

  private Alert alert(SubjectClick click, MilestoneProgress subject, long value) {
    Alert a = ClickCountAlerts.firingAbout(RULE, click, rules);
    a.windowStart = subject.firstClick;
    a.windowEnd = click.eventTime + 1;
    a.observed = value;
    a.expected = value;
    a.context = AlertContexts.counted(click, value);
    a.evidence.put("milestone", String.valueOf(value));
    a.evidence.put("first_click", Instant.ofEpochMilli(subject.firstClick).toString());
    a.evidence.put("reached_at", Instant.ofEpochMilli(click.eventTime).toString());
    a.reason =
        String.format(
            "%s reached %s human clicks (first click %s ago)",
            ClickCountText.subject(a.subjectType, a.subjectId, a.campaignId),
            ClickCountText.count(value),
            ClickCountText.ago(subject.firstClick, click.eventTime));
    AlertIds.identify(a, rules.dashboardUrlTemplate());
    // One alert per subject and value, whenever it is reached: the value, not a window, makes the
    // id (the long that names a window elsewhere).
    a.alertId = AlertIds.alertId(a.rule, a.subjectType, a.subjectId, value);
    return a;
  }
}
