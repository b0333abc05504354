package io.clickpulse.jobs.alert;

import java.io.Serializable;
import java.util.function.LongFunction;

/**
 * How one subject's minutes are judged and learnt, in order: the decision logic of {@link
 * ObserveMinutes} without Flink, so that the detection-quality evaluator runs exactly what ships.
 * The operator decides which minutes to hand it (those with clicks, and the watched silent ones);
 * the baseline learns the others through {@link #learnSilence}, exactly as if each were judged.
 */
public final class SubjectJudge implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MINUTE = 60_000;

  private final AlertRules rules;
  private final double alpha;

  public SubjectJudge(AlertRules rules) {
    this.rules = rules;
    this.alpha = 2.0 / (rules.baseline().spanMinutes + 1);
  }

  public AlertRules rules() {
    return rules;
  }

  /** Whether a subject is a campaign's link, the only subjects that can drop. */
  public static boolean isCampaignLink(String subjectType, String campaignId) {
    return SubjectClick.LINK.equals(subjectType) && campaignId != null && !campaignId.isEmpty();
  }

  /** Classifies the minute against the baseline, then lets the baseline learn it. */
  public void judge(MinuteObservation o, Baseline b) {
    MinuteClassifier.classify(o, b, rules, isCampaignLink(o.subjectType, o.campaignId));
    o.afterSpike = b.lastSpike;
    o.afterDrop = b.lastDrop;
    o.afterBroken = b.lastBroken;
    // Anomalous minutes do not teach the baseline, or a long spike would become the new normal.
    if (o.spike || o.drop) {
      b.held = 0; // the run's held minutes were the spike's first ones: never learnt
    } else if (mayStartSpike(o, b)) {
      // Held back until the run ends: learnt now, the first minutes of a spike (not anomalous yet,
      // its evidence builds over the window) would raise the mean and variance the next minutes
      // are judged against. Only as many as a window can add up before this one.
      if (b.held >= heldAtMost(o)) {
        learnHeld(o, b, b.held - 1);
      }
      b.held++;
    } else {
      learnHeld(o, b, 0);
      b.update(learnt(o, b), alpha);
    }
    b.remember(o.humanClicks);
    b.lastSpike = o.spike;
    b.lastDrop = o.drop;
    b.lastBroken = o.broken;
    b.nextMinute = o.minute + MINUTE;
  }

  /** A calm minute that could be the first of a spike run: at least min-ratio above the mean. */
  private boolean mayStartSpike(MinuteObservation o, Baseline b) {
    if (b.minutes < rules.baseline().warmupMinutes) {
      return false;
    }
    AlertRules.Thresholds t = rules.thresholds(o.subjectType, o.linkId, o.campaignId);
    double mean = Math.max(0, b.mean);
    return t.spike.enabled && o.humanClicks > mean && o.humanClicks >= t.spike.minRatio * mean;
  }

  private int heldAtMost(MinuteObservation o) {
    AlertRules.Thresholds t = rules.thresholds(o.subjectType, o.linkId, o.campaignId);
    return Math.min(Baseline.MAX_WINDOW - 1, Math.max(0, t.spike.windowMinutes - 1));
  }

  /**
   * Learns the held minutes ({@link Baseline#recent}), oldest first, but the latest {@code keep}.
   */
  private void learnHeld(MinuteObservation o, Baseline b, int keep) {
    for (int i = b.held - 1; i >= keep; i--) {
      MinuteObservation h = new MinuteObservation();
      h.subjectType = o.subjectType;
      h.linkId = o.linkId;
      h.campaignId = o.campaignId;
      h.humanClicks = b.recent[i];
      b.update(learnt(h, b), alpha);
    }
    b.held = keep;
  }

  /**
   * What a calm minute teaches the baseline once warm: its clicks, but no more than a spike's and
   * no less than a drop's thresholds. The first minute of a spike or drop is often not anomalous
   * yet (its evidence builds over the window); learnt as it is, it would pull the mean and inflate
   * the variance just when the next minutes are judged against them.
   */
  private double learnt(MinuteObservation o, Baseline b) {
    double x = o.humanClicks;
    if (b.minutes < rules.baseline().warmupMinutes) {
      return x;
    }
    AlertRules.Thresholds t = rules.thresholds(o.subjectType, o.linkId, o.campaignId);
    double mean = Math.max(0, b.mean);
    // No lower than 3 spreads above, so that overdispersed traffic keeps its learnt variance (a
    // variance clipped too low would make its usual bursts look improbable).
    double ceiling = Math.max(t.spike.minRatio * mean, mean + t.spike.minIncrease);
    x = Math.min(x, Math.max(ceiling, mean + 3 * b.spread()));
    if (isCampaignLink(o.subjectType, o.campaignId) && mean >= t.drop.minBaseline) {
      x = Math.max(x, t.drop.maxRatio * mean);
    }
    return x;
  }

  /**
   * The baseline learns the minutes without clicks between the last judged minute and {@code
   * minute}: calm ones (else they would have been watched), each judged exactly as if observed.
   * {@code minuteOf} makes a blank minute of the subject.
   */
  public void learnSilence(Baseline b, long minute, LongFunction<MinuteObservation> minuteOf) {
    if (b.nextMinute > 0 && b.nextMinute < minute) {
      // Calm by construction (else it would have been watched), so what judge() would do comes
      // down to learning it; without classifying, as a tail link has an hour of these per click.
      MinuteObservation silent = minuteOf.apply(b.nextMinute);
      learnHeld(silent, b, 0);
      for (long m = b.nextMinute; m < minute; m += MINUTE) {
        b.update(learnt(silent, b), alpha);
        b.remember(0);
      }
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
   * learn silent minutes up to the subject's last observed minute. {@code minuteOf} makes a blank
   * minute of the subject.
   */
  public long nextMinuteToWatch(
      Baseline b, long lastMinute, LongFunction<MinuteObservation> minuteOf) {
    if (b.lastSpike || b.lastDrop || b.lastBroken) {
      return b.nextMinute;
    }
    MinuteObservation subject = minuteOf.apply(b.nextMinute);
    if (!MinuteClassifier.silenceCanDrop(
        b,
        rules,
        subject.subjectType,
        subject.linkId,
        subject.campaignId,
        isCampaignLink(subject.subjectType, subject.campaignId))) {
      return 0; // the usual case, and quick: silence lowers the baseline, so it never will
    }
    Baseline copy = b.copy();
    for (long m = b.nextMinute; m <= lastMinute; m += MINUTE) {
      MinuteObservation silent = minuteOf.apply(m);
      judge(silent, copy);
      if (silent.drop) {
        return m;
      }
    }
    return 0;
  }
}
