package io.clickpulse.jobs.alert;

/** Decides, for one closed minute, whether it is a spike, a drop or broken. Plain Java. */
public final class MinuteClassifier {
  private MinuteClassifier() {}

  /** Sets {@code spike}, {@code drop} and {@code broken} on {@code o} from its counts. */
  public static void classify(
      MinuteObservation o, Baseline baseline, AlertRules rules, boolean campaignLink) {
    AlertRules.Thresholds t = rules.thresholds(o.campaignId);
    boolean warm = baseline.minutes >= rules.baseline().warmupMinutes;
    double mean = baseline.mean;
    double spread = baseline.spread();
    o.baselineMean = mean;
    o.baselineSpread = spread;

    AlertRules.PriorityLink priority =
        SubjectClick.LINK.equals(o.subjectType) ? rules.priority(o.linkId) : null;
    boolean adaptiveSpike =
        warm
            && o.humanClicks >= t.spike.minClicks
            && o.humanClicks >= mean + t.spike.sensitivity * spread
            && o.humanClicks >= t.spike.minRatio * mean;
    boolean absoluteSpike = priority != null && o.humanClicks >= priority.spikeClicksPerMinute;
    o.spike = t.spike.enabled && (adaptiveSpike || absoluteSpike);

    o.drop =
        t.drop.enabled
            && campaignLink
            && warm
            && mean >= t.drop.minBaseline
            && o.humanClicks <= mean - t.drop.sensitivity * spread
            && o.humanClicks <= t.drop.maxRatio * mean;

    o.broken =
        t.brokenRedirect.enabled
            && SubjectClick.LINK.equals(o.subjectType)
            && o.redirectErrors >= t.brokenRedirect.minErrors
            && o.redirectErrors >= t.brokenRedirect.minErrorRate * o.clicks;
  }

  /**
   * Whether a minute without clicks could be a drop now or after more of them: silence only lowers
   * the baseline's mean, so a mean below the drop rule's minimum rules it out for good.
   */
  public static boolean silenceCanDrop(
      Baseline baseline, AlertRules rules, String campaignId, boolean campaignLink) {
    AlertRules.Thresholds t = rules.thresholds(campaignId);
    return t.drop.enabled && campaignLink && baseline.mean >= t.drop.minBaseline;
  }
}
