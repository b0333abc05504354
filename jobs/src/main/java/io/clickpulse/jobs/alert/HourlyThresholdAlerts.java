package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.state.KeyedState;
import io.clickpulse.jobs.state.UnionSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Absolute hourly thresholds, keyed by {@link SubjectClick#subjectKey} (human clicks of subjects
 * that have a threshold only): fires on the click that takes a subject's clock hour (UTC, event
 * time) above its threshold, once per subject and hour, and resolves the alert (same id, with the
 * hour's final count) when the watermark passes the end of the hour.
 *
 * <p>A click counts for its hour while the watermark has not passed the hour's end; later ones are
 * counted as late ({@code alert_hourly_late_clicks}) and ignored, so the clicks counted, and so
 * whether an hour fires, do not depend on the order of arrival within the watermark's lag.
 *
 * <p>Cost: one state read and write per click of a subject with a threshold, no timers. A subject's
 * counts ({@link HourlyCounts}) are one value, whose closed hours are dropped at its next click or
 * by state TTL ({@link #KEEP}). Only hours that fired wait for the watermark, on the heap
 * (checkpointed as union state): few, by design of the thresholds.
 */
public class HourlyThresholdAlerts extends AbstractStreamOperator<Alert>
    implements OneInputStreamOperator<SubjectClick, Alert> {
  public static final String RULE = "hourly_clicks";

  /**
   * A subject's counts outlive its last click by this (processing time): the rest of the hour, plus
   * an hour across a stop of the job.
   */
  static final Duration KEEP = Duration.ofHours(2);

  private final AlertRules rules;

  /** Per hour (its start), the firing alert of each subject that crossed its threshold. */
  private transient TreeMap<Long, Map<String, Alert>> fired;

  private transient UnionSnapshot<Alert> firedState;
  private transient ValueState<HourlyCounts> counts;
  private transient PipelineCounter late;
  private transient long watermark;

  public HourlyThresholdAlerts(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    fired = new TreeMap<>();
    watermark = Long.MIN_VALUE;
    firedState =
        UnionSnapshot.register(
            context,
            getRuntimeContext().getTaskInfo(),
            "fired-hours",
            Alert.class,
            a -> a.subjectType + ":" + a.subjectId);
    for (Alert a : firedState.restored()) {
      fired.computeIfAbsent(a.windowStart, h -> new HashMap<>()).put(key(a), a);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    ValueStateDescriptor<HourlyCounts> descriptor =
        new ValueStateDescriptor<>("hourly-counts", HourlyCounts.class);
    descriptor.enableTimeToLive(KeyedState.expiringAfterLastWrite(KEEP));
    counts = getRuntimeContext().getState(descriptor);
    late = PipelineCounter.register(getRuntimeContext(), "alert_hourly_late_clicks");
  }

  @Override
  public void processElement(StreamRecord<SubjectClick> element) throws Exception {
    SubjectClick click = element.getValue();
    if (HourlyCounts.closed(HourlyCounts.hourOf(click.eventTime), watermark)) {
      late.inc();
      return;
    }
    int threshold = rules.hourlyClicks(click.subjectType, click.subjectId, click.campaignId);
    if (!click.human || threshold <= 0) {
      return;
    }
    HourlyCounts subject = counts.value();
    if (subject == null) {
      subject = new HourlyCounts();
    }
    HourlyCounts.OpenHour crossed = subject.count(click.eventTime, watermark, threshold);
    counts.update(subject);
    if (crossed != null) {
      Alert a = firing(click, crossed, threshold);
      fired.computeIfAbsent(crossed.hour, h -> new HashMap<>()).put(key(a), a);
      output.collect(new StreamRecord<>(a, click.eventTime));
    }
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    watermark = mark.getTimestamp();
    while (!fired.isEmpty() && HourlyCounts.closed(fired.firstKey(), watermark)) {
      for (Alert firing : fired.pollFirstEntry().getValue().values()) {
        setCurrentKey(key(firing));
        output.collect(new StreamRecord<>(resolved(firing), firing.windowEnd - 1));
      }
    }
    super.processWatermark(mark);
  }

  /** The hour's final count closes the alert; its entry in the subject's counts goes with it. */
  private Alert resolved(Alert firing) throws Exception {
    long clicks = (long) firing.observed;
    HourlyCounts subject = counts.value();
    HourlyCounts.OpenHour hour = subject == null ? null : subject.find(firing.windowStart);
    if (hour != null) {
      clicks = hour.clicks;
      subject.hours.remove(hour);
      if (subject.hours.isEmpty()) {
        counts.clear();
      } else {
        counts.update(subject);
      }
    }
    // else: the counts expired during a long stop of the job; the firing's count is all we know.
    Alert a = copy(firing);
    a.status = "resolved";
    a.observed = clicks;
    a.context = AlertContexts.recounted(firing.context, clicks);
    a.evidence.put("clicks_in_hour", String.valueOf(clicks));
    a.reason =
        String.format(
            "%s got %s%s human clicks %s, above the hourly threshold of %s",
            ClickCountText.subject(a.subjectType, a.subjectId, a.campaignId),
            hour == null ? "at least " : "",
            ClickCountText.count(clicks),
            ClickCountText.hour(a.windowStart),
            ClickCountText.count((long) a.expected));
    return a;
  }

  private Alert firing(SubjectClick click, HourlyCounts.OpenHour hour, int threshold) {
    Alert a = ClickCountAlerts.firingAbout(RULE, click, rules);
    a.windowStart = hour.hour;
    a.windowEnd = hour.hour + HourlyCounts.HOUR;
    a.observed = hour.clicks;
    a.expected = threshold;
    a.context = AlertContexts.counted(click, hour.clicks);
    a.evidence.put("threshold", String.valueOf(threshold));
    // The click that took the count over: within the watermark's lag, another arrival order
    // may name a click a few seconds apart (the id, window and counts do not change).
    a.evidence.put("crossed_at", Instant.ofEpochMilli(click.eventTime).toString());
    a.reason =
        String.format(
            "%s got more than %s human clicks %s: the hourly threshold was passed at %s, %s"
                + " before the hour ends",
            ClickCountText.subject(a.subjectType, a.subjectId, a.campaignId),
            ClickCountText.count(threshold),
            ClickCountText.hour(a.windowStart),
            ClickCountText.time(click.eventTime),
            ClickCountText.ago(click.eventTime, a.windowEnd));
    return AlertIds.identify(a, rules.dashboardUrlTemplate());
  }

  private static Alert copy(Alert f) {
    Alert a = new Alert();
    a.alertId = f.alertId;
    a.rule = f.rule;
    a.severity = f.severity;
    a.status = f.status;
    a.subjectType = f.subjectType;
    a.subjectId = f.subjectId;
    a.linkId = f.linkId;
    a.campaignId = f.campaignId;
    a.owner = f.owner;
    a.windowStart = f.windowStart;
    a.windowEnd = f.windowEnd;
    a.observed = f.observed;
    a.expected = f.expected;
    a.reason = f.reason;
    a.evidence.putAll(f.evidence);
    a.dashboardUrl = f.dashboardUrl;
    a.fingerprint = f.fingerprint;
    return a;
  }

  private static String key(Alert a) {
    return a.subjectType + ":" + a.subjectId;
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<Alert> all = new ArrayList<>();
    fired.values().forEach(m -> all.addAll(m.values()));
    firedState.update(all);
  }
}
