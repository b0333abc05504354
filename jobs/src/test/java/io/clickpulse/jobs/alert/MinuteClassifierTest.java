package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MinuteClassifierTest {
  private static final long MINUTE = 60_000;
  private static final AlertRules RULES = AlertRules.bundled();

  /**
   * A warm baseline with this mean and variance and these latest minutes (latest first), usual
   * minutes (at the mean, rounded down) before them.
   */
  private static Baseline baseline(double mean, double variance, long... recent) {
    Baseline b = new Baseline();
    b.mean = mean;
    b.variance = variance;
    b.minutes = 120;
    b.recent = new long[Baseline.MAX_WINDOW - 1];
    Arrays.fill(b.recent, (long) Math.floor(mean));
    System.arraycopy(recent, 0, b.recent, 0, recent.length);
    return b;
  }

  private static MinuteObservation minute(long humanClicks, String campaignId) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = SubjectClick.LINK;
    o.subjectId = "l1";
    o.linkId = "l1";
    o.campaignId = campaignId;
    o.humanClicks = humanClicks;
    o.clicks = humanClicks;
    return o;
  }

  @ParameterizedTest(name = "mean {0} (variance {1}), {2} now after [{3}]: spike {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // A link at 1 click a minute that jumps 10x: one minute alone never alerts (min-window 2),
        // two do (P(X >= 20 | 2) = 5.8e-11, 9 clicks a minute above the baseline).
        "1 | 1 | 10 | '' | false",
        "1 | 1 | 10 | 10 | true",
        // 5x at 1/min: two minutes of 5 say little (P(X >= 10 | 2) = 4.6e-5); three minutes of
        // 5, 5, 5 (P(X >= 15 | 3) = 6.9e-7) say enough.
        "1 | 1 | 5 | '' | false",
        "1 | 1 | 5 | 5 | false",
        "1 | 1 | 5 | 5,5 | true",
        // The run ends at a minute not 2x the baseline: 5 after [5, 1] adds up only 10 in 2.
        "1 | 1 | 5 | 5,1,9 | false",
        // Improbable but too small an increase: 3 + 3 clicks where 0.2 are usual (min-increase 3
        // a minute).
        "0.1 | 0.1 | 3 | 3 | false",
        "0.1 | 0.1 | 4 | 4 | true",
        // Busy link: +20 % is 6 standard deviations at 1,000/min but under the 2x ratio.
        "1000 | 1000 | 1200 | 1200 | false",
        "1000 | 1000 | 2000 | 2000 | true",
        // Overdispersed traffic (variance 50x the mean): 2.5x is within its noise, 4x is not.
        "100 | 5000 | 250 | 250 | false",
        "100 | 5000 | 400 | 400,400 | true",
        // Below the baseline is never a spike.
        "30 | 30 | 20 | 500,500 | false",
      })
  void spikeIsAnImprobableIncreaseOverARunOfMinutes(
      double mean, double variance, long now, String recent, boolean spike) {
    long[] before =
        recent.isEmpty()
            ? new long[0]
            : Arrays.stream(recent.split(",")).mapToLong(Long::parseLong).toArray();
    MinuteObservation o = minute(now, "");
    MinuteClassifier.classify(o, baseline(mean, variance, before), RULES, false);
    assertEquals(spike, o.spike, o.toString());
  }

  @ParameterizedTest(name = "mean {0} (variance {1}), {2} now after [{3}]: drop {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Silence at 1 or 3 clicks a minute is normal (under min-baseline 4, and three silent
        // minutes at 3/min have P = e^-9 = 1.2e-4 anyway).
        "1 | 1 | 0 | 0,0 | false",
        "3 | 3 | 0 | 0,0 | false",
        // At 5/min: two silent minutes are P = e^-10 = 4.5e-5, three are e^-15 = 3.1e-7.
        "5 | 5 | 0 | '' | false",
        "5 | 5 | 0 | 0 | false",
        "5 | 5 | 0 | 0,0 | true",
        // At 20/min two silent minutes are enough (e^-40); one never is (min-window 2).
        "20 | 20 | 0 | '' | false",
        "20 | 20 | 0 | 0 | true",
        // 40 % of the baseline is over the 30 % max-ratio even when improbable.
        "1000 | 1000 | 400 | 400,400 | false",
        "1000 | 1000 | 250 | 250 | true",
        // Overdispersed: 25 % of 100 with variance 5000 is within the noise for one minute.
        "100 | 5000 | 25 | '' | false",
        "100 | 5000 | 0 | 0,0 | true",
      })
  void dropIsAnImprobableDecreaseOfACampaignLink(
      double mean, double variance, long now, String recent, boolean drop) {
    long[] before =
        recent.isEmpty()
            ? new long[0]
            : Arrays.stream(recent.split(",")).mapToLong(Long::parseLong).toArray();
    MinuteObservation o = minute(now, "c1");
    MinuteClassifier.classify(o, baseline(mean, variance, before), RULES, true);
    assertEquals(drop, o.drop, o.toString());
    MinuteObservation notCampaign = minute(now, "");
    MinuteClassifier.classify(notCampaign, baseline(mean, variance, before), RULES, false);
    assertFalse(notCampaign.drop, "only campaign links drop");
  }

  @Test
  void nothingAlertsBeforeTheWarmUpButAPriorityLinksAbsoluteThreshold() {
    AlertRules rules =
        AlertRules.parse(
            new ByteArrayInputStream(
                "priority-links: { l1: { spike-clicks-per-minute: 50 } }"
                    .getBytes(StandardCharsets.UTF_8)),
            "test.yaml");
    Baseline cold = baseline(1, 1, 40, 40);
    cold.minutes = rules.baseline().warmupMinutes - 1;
    MinuteObservation o = minute(40, "c1");
    MinuteClassifier.classify(o, cold, rules, true);
    assertFalse(o.spike, "40 at 1/min is a spike, but not before the warm-up");
    o = minute(50, "c1");
    MinuteClassifier.classify(o, cold, rules, true);
    assertTrue(o.spike, "the priority link's absolute threshold needs no baseline");
  }

  /**
   * silenceCanDrop lets the observer skip silent minutes: when it says no, no run of silent minutes
   * may ever be a drop (or drops would be lost). Checked by judging a long silence from baselines
   * around the min-baseline, with and without recent silence and overdispersion.
   */
  @ParameterizedTest(name = "mean {0}, variance {1}")
  @CsvSource({
    "3.9, 3.9",
    "4.0, 4.0",
    "4.1, 4.1",
    "5, 5",
    "3.9, 40",
    "4.2, 40",
    "12, 12",
    "0.5, 0.5"
  })
  void silenceCanDropIsFalseOnlyWhenNoSilenceWillEverDrop(double mean, double variance) {
    SubjectJudge judge = new SubjectJudge(RULES);
    for (long[] recent : new long[][] {{}, {0}, {0, 0}, {9, 9}}) {
      Baseline b = baseline(mean, variance, recent);
      b.nextMinute = MINUTE;
      boolean can = MinuteClassifier.silenceCanDrop(b, RULES, "link", "l1", "c1", true);
      boolean dropped = false;
      for (long m = 1; m <= 240 && !dropped; m++) {
        MinuteObservation o = minute(0, "c1");
        o.minute = m * MINUTE;
        judge.judge(o, b);
        dropped = o.drop;
      }
      assertTrue(can || !dropped, "silence dropped though silenceCanDrop said no");
      assertEquals(mean >= 4, can, "the rule's min-baseline decides");
      if (mean >= 5) {
        assertTrue(dropped, "a long silence at 5+/min is a drop");
      }
    }
  }
}
