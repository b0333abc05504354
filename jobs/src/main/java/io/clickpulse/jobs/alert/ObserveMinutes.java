package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.PipelineCounter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns one subject's clicks into one {@link MinuteObservation} per closed minute, in event time,
 * including minutes without clicks (so drops to zero are seen), and keeps the subject's adaptive
 * baseline. A subject without clicks for {@code baseline.inactive-after} is forgotten entirely, and
 * so is every subject when the input ends. Each run of a subject's minutes, from its first click to
 * when it is forgotten, is framed by marks: a {@link MinuteObservation#start start} mark before its
 * first minute (an episode may begin right there) and an {@link MinuteObservation#end end} mark
 * after its last (an episode still open then ends there).
 */
public class ObserveMinutes extends KeyedProcessFunction<String, SubjectClick, MinuteObservation> {
  private static final long MINUTE = 60_000;
  private static final int MAX_EVIDENCE_KEYS = 20;

  /** Counts of a minute that has not closed yet. */
  public static class PendingMinute {
    public long clicks;
    public long humanClicks;
    public long redirectErrors;
    public Map<String, Long> referrers = new HashMap<>();
    public Map<String, Long> countries = new HashMap<>();
  }

  private final AlertRules rules;

  private transient MapState<Long, PendingMinute> pending;
  private transient ValueState<Baseline> baseline;
  private transient ValueState<SubjectClick> lastClick;
  private transient PipelineCounter late;
  private transient long inactiveAfterMillis;

  public ObserveMinutes(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("pending", Long.class, PendingMinute.class));
    baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", Baseline.class));
    lastClick =
        getRuntimeContext().getState(new ValueStateDescriptor<>("last-click", SubjectClick.class));
    late = PipelineCounter.register(getRuntimeContext(), "alert_rules_late_clicks");
    inactiveAfterMillis = AlertRules.parse(rules.baseline().inactiveAfter).toMillis();
  }

  @Override
  public void processElement(SubjectClick click, Context ctx, Collector<MinuteObservation> out)
      throws Exception {
    long minute = click.eventTime - Math.floorMod(click.eventTime, MINUTE);
    if (minute + MINUTE - 1 <= ctx.timerService().currentWatermark()) {
      // The minute was already judged; its aggregates still count this click.
      late.inc();
      return;
    }
    PendingMinute counts = pending.get(minute);
    if (counts == null) {
      counts = new PendingMinute();
    }
    counts.clicks++;
    counts.humanClicks += click.human ? 1 : 0;
    counts.redirectErrors += click.redirectError ? 1 : 0;
    addBounded(counts.referrers, click.referrerDomain);
    addBounded(counts.countries, click.country);
    pending.put(minute, counts);
    SubjectClick last = lastClick.value();
    if (last == null || click.eventTime > last.eventTime) {
      lastClick.update(click);
    }
    ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MinuteObservation> out)
      throws Exception {
    long minute = timestamp + 1 - MINUTE;
    PendingMinute counts = pending.get(minute);
    pending.remove(minute);
    SubjectClick subject = lastClick.value();
    if (counts == null
        && pending.isEmpty()
        && ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of input (a bounded run or a drained stop) is not silence: minutes after the last
      // click are not observed, or every subject would seem to drop to zero. The subject's
      // observations end here, and so does any episode still open.
      end(subject, minute, out);
      return;
    }
    if (counts == null) {
      counts = new PendingMinute();
    }
    Baseline b = baseline.value();
    if (b == null) {
      b = new Baseline();
    }
    if (!b.startMarked) {
      // The subject's first minute (since its first click, or since it was forgotten).
      MinuteObservation start = about(subject, minute);
      start.start = true;
      out.collect(start);
      b.startMarked = true;
    }

    MinuteObservation o = about(subject, minute);
    o.clicks = counts.clicks;
    o.humanClicks = counts.humanClicks;
    o.redirectErrors = counts.redirectErrors;
    o.topReferrers = top(counts.referrers);
    o.topCountries = top(counts.countries);
    boolean campaignLink =
        SubjectClick.LINK.equals(subject.subjectType) && !subject.campaignId.isEmpty();
    MinuteClassifier.classify(o, b, rules, campaignLink);
    o.afterSpike = b.lastSpike;
    o.afterDrop = b.lastDrop;
    o.afterBroken = b.lastBroken;
    out.collect(o);

    // Anomalous minutes do not teach the baseline, or a long spike would become the new normal.
    if (!o.spike && !o.drop) {
      b.update(o.humanClicks, 2.0 / (rules.baseline().spanMinutes + 1));
    }
    b.lastSpike = o.spike;
    b.lastDrop = o.drop;
    b.lastBroken = o.broken;
    baseline.update(b);
    if (timestamp + 1 - subject.eventTime < inactiveAfterMillis || !pending.isEmpty()) {
      ctx.timerService().registerEventTimeTimer(timestamp + MINUTE);
    } else {
      end(subject, minute + MINUTE, out);
    }
  }

  /**
   * Stops observing the subject: says so downstream (an episode open now ends here) and forgets its
   * state. No timer of it is left: timers exist only for pending minutes and the next minute.
   */
  private void end(
      SubjectClick subject, long firstUnobservedMinute, Collector<MinuteObservation> out)
      throws Exception {
    MinuteObservation end = about(subject, firstUnobservedMinute);
    end.end = true;
    out.collect(end);
    baseline.clear();
    lastClick.clear();
    pending.clear();
  }

  /** A minute of the subject, or a mark, with nothing counted or judged yet. */
  private MinuteObservation about(SubjectClick subject, long minute) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = subject.subjectType;
    o.subjectId = subject.subjectId;
    o.linkId = SubjectClick.LINK.equals(subject.subjectType) ? subject.linkId : "";
    o.campaignId = subject.campaignId;
    o.owner = rules.owner(o.linkId, subject.campaignId, subject.owner);
    o.minute = minute;
    return o;
  }

  private static void addBounded(Map<String, Long> counts, String key) {
    if (counts.containsKey(key) || counts.size() < MAX_EVIDENCE_KEYS) {
      counts.merge(key, 1L, Long::sum);
    } else {
      counts.merge("(other)", 1L, Long::sum);
    }
  }

  private static String top(Map<String, Long> counts) {
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(3)
        .map(e -> e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(", "));
  }
}
