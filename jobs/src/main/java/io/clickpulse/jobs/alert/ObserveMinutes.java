package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.metrics.PipelineCounter;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns one subject's clicks into {@link MinuteObservation}s of its closed minutes, in event time,
 * and keeps the subject's adaptive baseline. A subject without clicks for {@code
 * baseline.inactive-after} is forgotten entirely, and so is every subject when the input ends; if a
 * run of anomalous minutes is open then, an {@link MinuteObservation#end end} mark follows its last
 * minute (the episode ends there).
 *
 * <p>Only the minutes that can matter to the {@link Episode} patterns are judged when they close,
 * each on a timer: minutes with clicks, the minute after an anomalous one (it ends or continues the
 * run), and a minute without clicks that would be a drop. The other minutes without clicks are calm
 * and follow a calm minute, which no pattern needs to see ({@link Episode#matters}); the baseline
 * learns them all at once before the next judged minute. So a subject costs timers for its minutes
 * with clicks, plus one to forget it, not one for every minute of its two inactive hours: cost
 * grows with clicks, not with the number of links that were clicked once.
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

  /**
   * What the subject's clicks leave until their minutes close: the latest click (the subject's
   * owner and campaign, and when it clicked last) and the counts of each open minute. One value, so
   * that a click costs one read and one write of state.
   */
  public static class OpenMinutes {
    public SubjectClick last;
    public Map<Long, PendingMinute> minutes = new HashMap<>();
  }

  private final AlertRules rules;

  private transient ValueState<OpenMinutes> open;
  private transient ValueState<Baseline> baseline;
  private transient PipelineCounter late;
  private transient PipelineCounter timers;
  private transient long inactiveAfterMillis;
  private transient double alpha;

  public ObserveMinutes(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    open = getRuntimeContext().getState(new ValueStateDescriptor<>("open", OpenMinutes.class));
    baseline = getRuntimeContext().getState(new ValueStateDescriptor<>("baseline", Baseline.class));
    late = PipelineCounter.register(getRuntimeContext(), "alert_rules_late_clicks");
    timers = PipelineCounter.register(getRuntimeContext(), "alert_subject_timers");
    inactiveAfterMillis = AlertRules.parse(rules.baseline().inactiveAfter).toMillis();
    alpha = 2.0 / (rules.baseline().spanMinutes + 1);
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
    OpenMinutes subject = open.value();
    if (subject == null) {
      subject = new OpenMinutes();
    }
    PendingMinute counts = subject.minutes.get(minute);
    if (counts == null) {
      counts = new PendingMinute();
      subject.minutes.put(minute, counts);
      ctx.timerService().registerEventTimeTimer(minute + MINUTE - 1);
    }
    counts.clicks++;
    counts.humanClicks += click.human ? 1 : 0;
    counts.redirectErrors += click.redirectError ? 1 : 0;
    addBounded(counts.referrers, click.referrerDomain);
    addBounded(counts.countries, click.country);
    if (subject.last == null || click.eventTime > subject.last.eventTime) {
      subject.last = click;
    }
    open.update(subject);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<MinuteObservation> out)
      throws Exception {
    timers.inc();
    OpenMinutes state = open.value();
    if (state == null) {
      return; // forgotten already: a minute it no longer needed judged
    }
    long minute = timestamp + 1 - MINUTE;
    Baseline b = baseline.value();
    if (b == null) {
      b = new Baseline();
    }
    SubjectClick subject = state.last;
    PendingMinute counts = state.minutes.remove(minute);
    long lastMinute = lastMinute(subject);
    if (counts != null) {
      open.update(state);
    } else if (state.minutes.isEmpty() && ctx.timerService().currentWatermark() == Long.MAX_VALUE) {
      // End of input (a bounded run or a drained stop) is not silence: minutes after the last
      // click are not observed, or every subject would seem to drop to zero. The subject's
      // observations end here, and so does any episode still open.
      end(subject, b, b.nextMinute > 0 ? b.nextMinute : minute, out);
      return;
    } else if (minute >= lastMinute && minute != b.watchedMinute) {
      end(subject, b, lastMinute + MINUTE, out);
      return;
    } else if (minute != b.watchedMinute || minute < b.nextMinute) {
      if (timestamp == b.forgetTimer) {
        // The timer that was to forget the subject, but it clicked since: move it on.
        forgetLater(b, lastMinute, ctx);
        baseline.update(b);
      }
      return;
    }
    learnSilence(b, minute);
    observe(subject, b, minute, counts == null ? new PendingMinute() : counts, out);
    if (minute >= lastMinute) {
      end(subject, b, lastMinute + MINUTE, out);
      return;
    }
    b.watchedMinute = nextMinuteToWatch(subject, b, lastMinute);
    if (b.watchedMinute > 0) {
      ctx.timerService().registerEventTimeTimer(b.watchedMinute + MINUTE - 1);
    }
    if (b.forgetTimer <= timestamp) {
      forgetLater(b, lastMinute, ctx); // the subject's first minute, or this timer was that one
    }
    baseline.update(b);
  }

  /** Judges one closed minute and emits it. */
  private void observe(
      SubjectClick subject,
      Baseline b,
      long minute,
      PendingMinute counts,
      Collector<MinuteObservation> out) {
    MinuteObservation o = about(subject, minute);
    o.clicks = counts.clicks;
    o.humanClicks = counts.humanClicks;
    o.redirectErrors = counts.redirectErrors;
    o.topReferrers = top(counts.referrers);
    o.topCountries = top(counts.countries);
    judge(o, subject, b);
    out.collect(o);
    b.nextMinute = minute + MINUTE;
  }

  /** Classifies the minute against the baseline, then lets the baseline learn it. */
  private void judge(MinuteObservation o, SubjectClick subject, Baseline b) {
    MinuteClassifier.classify(o, b, rules, isCampaignLink(subject));
    o.afterSpike = b.lastSpike;
    o.afterDrop = b.lastDrop;
    o.afterBroken = b.lastBroken;
    // Anomalous minutes do not teach the baseline, or a long spike would become the new normal.
    if (!o.spike && !o.drop) {
      b.update(o.humanClicks, alpha);
    }
    b.lastSpike = o.spike;
    b.lastDrop = o.drop;
    b.lastBroken = o.broken;
  }

  /**
   * The baseline learns the minutes without clicks between the last judged minute and {@code
   * minute}: calm ones (else they would have been watched), judged exactly as if observed.
   */
  private void learnSilence(Baseline b, long minute) {
    for (long m = b.nextMinute; b.nextMinute > 0 && m < minute; m += MINUTE) {
      b.update(0, alpha);
      b.lastSpike = false;
      b.lastDrop = false;
      b.lastBroken = false;
    }
    if (b.nextMinute > 0) {
      b.nextMinute = Math.max(b.nextMinute, minute);
    }
  }

  /**
   * The next minute without clicks that must be judged even so, or 0: the one after an anomalous
   * minute, or the first silent one that would be a drop, found by letting a copy of the baseline
   * learn silent minutes up to the subject's last observed minute.
   */
  private long nextMinuteToWatch(SubjectClick subject, Baseline b, long lastMinute) {
    if (b.lastSpike || b.lastDrop || b.lastBroken) {
      return b.nextMinute;
    }
    if (!MinuteClassifier.silenceCanDrop(b, rules, subject.campaignId, isCampaignLink(subject))) {
      return 0; // the usual case, and quick: silence lowers the baseline, so it never will
    }
    Baseline copy = b.copy();
    for (long m = b.nextMinute; m <= lastMinute; m += MINUTE) {
      MinuteObservation silent = about(subject, m);
      judge(silent, subject, copy);
      if (silent.drop) {
        return m;
      }
    }
    return 0;
  }

  /** Sets the one timer that forgets the subject, at the end of its last observed minute. */
  private static void forgetLater(Baseline b, long lastMinute, OnTimerContext ctx) {
    b.forgetTimer = lastMinute + MINUTE - 1;
    ctx.timerService().registerEventTimeTimer(b.forgetTimer);
  }

  private static boolean isCampaignLink(SubjectClick subject) {
    return SubjectClick.LINK.equals(subject.subjectType) && !subject.campaignId.isEmpty();
  }

  /**
   * The subject's last observed minute: the one that closes {@code baseline.inactive-after} after
   * its last click.
   */
  private long lastMinute(SubjectClick last) {
    long quietFrom = last.eventTime + inactiveAfterMillis - MINUTE;
    return quietFrom + Math.floorMod(-quietFrom, MINUTE);
  }

  /**
   * Stops observing the subject and forgets its state; if its last minute was anomalous, says so
   * downstream (the open episode ends here). No timer of it is left but ones that find nothing.
   */
  private void end(
      SubjectClick subject,
      Baseline b,
      long firstUnobservedMinute,
      Collector<MinuteObservation> out)
      throws Exception {
    if (b.lastSpike || b.lastDrop || b.lastBroken) {
      MinuteObservation end = about(subject, firstUnobservedMinute);
      end.end = true;
      out.collect(end);
    }
    baseline.clear();
    open.clear();
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
