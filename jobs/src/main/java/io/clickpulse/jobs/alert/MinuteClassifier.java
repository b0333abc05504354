package io.clickpulse.jobs.alert;

import io.clickpulse.udf.detect.CountTail;

/**
 * Decides, for one closed minute, whether it is a spike, a drop or broken. Plain Java.
 *
 * <p>Spikes and drops are tail tests: a minute is a spike when the human clicks of the latest run
 * of minutes at least {@code min-ratio} above the baseline that ends with it (from {@code
 * min-window-minutes} to {@code window-minutes} of them) are improbable under the baseline ({@link
 * CountTail}: Poisson, or negative binomial when the learnt variance exceeds the mean), and far
 * enough above it in absolute and relative terms. Any window length of that run may show it, so a
 * jump of one minute on a busy link is seen at once and a few extra clicks a minute on a quiet link
 * once they add up. Drops alike, below the baseline.
 */
public final class MinuteClassifier {
  private MinuteClassifier() {}

  /**
   * Sets {@code spike}, {@code drop} and {@code broken} on {@code o} from its counts and the
   * subject's latest minutes ({@link Baseline#recent}), before the baseline learns this minute. A
   * window that passes the spike's tail test, fired or not, is remembered as one of the subject's
   * bursts ({@link Baseline#rememberBurst}): a later spike must be larger.
   */
  public static void classify(
      MinuteObservation o, Baseline baseline, AlertRules rules, boolean campaignLink) {
    AlertRules.Thresholds t = rules.thresholds(o.subjectType, o.linkId, o.campaignId);
    boolean warm = baseline.minutes >= rules.baseline().warmupMinutes;
    o.baselineMean = baseline.mean;
    o.baselineSpread = baseline.spread();

    AlertRules.PriorityLink priority =
        SubjectClick.LINK.equals(o.subjectType) ? rules.priority(o.linkId) : null;
    boolean absoluteSpike =
        priority != null
            && priority.spikeClicksPerMinute > 0
            && o.humanClicks >= priority.spikeClicksPerMinute;
    double burst = t.spike.enabled && warm ? spikeRatio(o.humanClicks, baseline, t) : 0;
    // A new spike must stand out against the subject's own recent bursts; a run already spiking
    // goes on whatever its size (else its smaller minutes would end the episode and a larger one
    // open another).
    boolean standsOut =
        burst > 0
            && (baseline.lastSpike
                || burst > baseline.burstAt(o.minute, t.spike.burstHalfLifeMinutes()));
    o.spike = t.spike.enabled && (absoluteSpike || standsOut);
    if (burst > 0) {
      baseline.rememberBurst(burst, o.minute, t.spike.burstHalfLifeMinutes());
    }
    int dropWindow =
        t.drop.enabled && campaignLink && warm && baseline.mean >= t.drop.minBaseline
            ? dropWindow(o.humanClicks, baseline, t)
            : 0;
    o.drop = dropWindow > 0;

    o.broken =
        t.brokenRedirect.enabled
            && SubjectClick.LINK.equals(o.subjectType)
            && o.redirectErrors >= t.brokenRedirect.minErrors
            && o.redirectErrors >= t.brokenRedirect.minErrorRate * o.clicks;
  }

  /**
   * The ratio to the baseline of the window that passes the spike tail test (0: none): its clicks
   * over the baseline's for as many minutes. Whether it fires depends on the subject's recent
   * bursts too ({@link #classify}). The baseline is taken as at least {@code min-increase} (and one
   * click) a minute: against a quiet link's fraction of a click, or none, any burst would be a huge
   * ratio, and remembered, would silence the link's real spikes for days once it gets busier.
   */
  private static double spikeRatio(long clicks, Baseline b, AlertRules.Thresholds t) {
    int w = spikeWindow(clicks, b, t);
    if (w == 0) {
      return 0;
    }
    long sum = clicks;
    for (int i = 0; i < w - 1; i++) {
      sum += b.recent[i];
    }
    return sum / (w * Math.max(b.mean, Math.max(1, t.spike.minIncrease)));
  }

  /**
   * The window of minutes that makes {@code clicks} a spike (0: none), with the minutes above the
   * baseline just before it: the shortest window of w minutes ending here, each min-ratio above the
   * mean, whose sum S has P(X >= S) at most the level for X the sum of w baseline minutes, an
   * increase of at least {@code min-increase} a minute and a ratio of at least {@code min-ratio}.
   */
  static int spikeWindow(long clicks, Baseline b, AlertRules.Thresholds t) {
    AlertRules.Spike s = t.spike;
    double mean = Math.max(0, b.mean);
    double variance = b.testVariance();
    long sum = 0;
    for (int w = 1; w <= s.windowMinutes; w++) {
      long minute = w == 1 ? clicks : b.recent[w - 2];
      if (minute <= mean || minute < s.minRatio * mean) {
        // The run ends here. Each minute must be min-ratio above on its own: the usual minute
        // after a spike ends the episode instead of riding on the spike's clicks, and one high
        // minute after a usual one is not two minutes of evidence.
        return 0;
      }
      sum += minute;
      double expected = w * mean;
      if (w >= s.minWindowMinutes
          && sum - expected >= s.minIncrease * w
          && sum >= s.minRatio * expected
          && CountTail.upper(sum, expected, w * variance) <= s.level) {
        return w;
      }
    }
    return 0;
  }

  /**
   * The same below the baseline (0: no drop): a window each under max-ratio of the mean, improbably
   * low.
   */
  static int dropWindow(long clicks, Baseline b, AlertRules.Thresholds t) {
    AlertRules.Drop d = t.drop;
    double mean = b.mean;
    double variance = b.testVariance();
    long sum = 0;
    for (int w = 1; w <= d.windowMinutes; w++) {
      long minute = w == 1 ? clicks : b.recent[w - 2];
      if (minute >= mean || minute > d.maxRatio * mean) {
        return 0;
      }
      sum += minute;
      double expected = w * mean;
      if (w >= d.minWindowMinutes
          && sum <= d.maxRatio * expected
          && CountTail.lower(sum, expected, w * variance) <= d.level) {
        return w;
      }
    }
    return 0;
  }

  /**
   * Whether a minute without clicks could be a drop now or after more of them: silence only lowers
   * the baseline's mean, so a mean below the drop rule's minimum rules it out for good.
   */
  public static boolean silenceCanDrop(
      Baseline baseline,
      AlertRules rules,
      String subjectType,
      String linkId,
      String campaignId,
      boolean campaignLink) {
    AlertRules.Thresholds t = rules.thresholds(subjectType, linkId, campaignId);
    return t.drop.enabled && campaignLink && baseline.mean >= t.drop.minBaseline;
  }
}
