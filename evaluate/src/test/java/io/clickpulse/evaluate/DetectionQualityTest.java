package io.clickpulse.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.evaluate.Evaluation.Kind;
import io.clickpulse.evaluate.Evaluation.Steady;
import io.clickpulse.jobs.alert.AlertRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The detection-quality evaluation, small (5 seeds): the shipped rules still meet the targets where
 * the full run (docs/alerts.md, "Detection quality") meets them. Bounds follow the targets: recall
 * 95 % of 5 planted spikes is all 5 (one miss allowed at 2 clicks a minute, where the full run
 * finds 91 %), at most 1 false alarm per link-week, p95 delay at most 2 minutes.
 */
class DetectionQualityTest {
  private static Evaluation.Result result;

  @BeforeAll
  static void run() {
    result = new Evaluation(AlertRules.bundled()).run(5, 1);
  }

  @Test
  void spikesOfFiveTimesForThreeMinutesAreFoundFromTwoClicksAMinute() {
    for (int l = 0; l < Evaluation.LEVELS.length; l++) {
      int level = Evaluation.LEVELS[l];
      if (level >= 2) {
        double min = level == 2 ? 0.8 : 1.0;
        assertTrue(
            result.recall(Kind.SPIKE_5X, l) >= min,
            "5x spikes at " + level + "/min: " + result.recall(Kind.SPIKE_5X, l));
      }
      assertEquals(
          1.0, result.recall(Kind.SPIKE_10X, l), "10x spikes at " + level + "/min, 1/min included");
    }
  }

  @Test
  void dropsAndBrokenDestinationsAreFoundOnBusyLinks() {
    for (int l = 0; l < Evaluation.LEVELS.length; l++) {
      if (Evaluation.LEVELS[l] >= 10) {
        assertEquals(1.0, result.recall(Kind.DROP, l), "drops at " + Evaluation.LEVELS[l]);
        assertEquals(1.0, result.recall(Kind.BROKEN, l), "broken at " + Evaluation.LEVELS[l]);
      }
      assertEquals(1.0, result.recall(Kind.BURST, l));
      assertEquals(1.0, result.recall(Kind.SCAN, l));
      assertEquals(1.0, result.recall(Kind.MISSING_UTM, l));
    }
    assertEquals(0, result.humanClientsFlagged, "no human client is taken for a bot");
  }

  @Test
  void steadyTrafficRaisesAtMostOneFalseAlarmPerLinkWeek() {
    for (Steady steady : Steady.values()) {
      for (int l = 0; l < Evaluation.LEVELS.length; l++) {
        double fa = result.falseAlarmsPerLinkWeek(steady, l);
        assertTrue(fa <= 1.0, steady + " at " + Evaluation.LEVELS[l] + "/min: " + fa);
      }
    }
  }

  @Test
  void episodesAreDetectedWithinTwoMinutesOfTheirFirstMinute() {
    for (Kind kind : new Kind[] {Kind.SPIKE_5X, Kind.SPIKE_10X}) {
      assertTrue(result.delay(kind, 95) <= 2.0, kind + ": p95 " + result.delay(kind, 95));
    }
    // A broken destination at 2 clicks a minute reaches the rule's 5 errors in one minute only
    // now and then, so with 5 seeds' few detections the slowest is the 95th percentile (the full
    // run's p95 is 2, docs/alerts.md).
    assertTrue(
        result.delay(Kind.BROKEN, 50) <= 1.0, "broken: p50 " + result.delay(Kind.BROKEN, 50));
    assertTrue(
        result.delay(Kind.BROKEN, 95) <= 3.0, "broken: p95 " + result.delay(Kind.BROKEN, 95));
    // Drops at 5 clicks a minute keep 0.5 a minute, and a window (3 minutes at most) with a click
    // or two in it is not rare enough: they wait for a quieter window. Target missed there, as the
    // full run says (docs/alerts.md).
    assertTrue(result.delay(Kind.DROP, 50) <= 2.0, "drops: p50 " + result.delay(Kind.DROP, 50));
    assertTrue(result.delay(Kind.DROP, 95) <= 4.0, "drops: p95 " + result.delay(Kind.DROP, 95));
  }

  @Test
  void aQuietLinkThatJumpsTenfoldAlertsAndAOneMinuteBlipDoesNot() {
    ShippedEpisodes detector = new ShippedEpisodes(AlertRules.bundled());
    long[] counts = new long[200];
    for (int m = 0; m < counts.length; m++) {
      counts[m] = m % 3 == 0 ? 2 : 1; // 1-2 clicks a minute
    }
    counts[120] = 40; // a blip: one minute, however high, is not enough evidence
    long[] jump = counts.clone();
    jump[150] = 12;
    jump[151] = 15;
    jump[152] = 14; // 10x for 3 minutes
    assertEquals(0, detector.detect(counts, Evaluation.T0).size());
    var fired = detector.detect(jump, Evaluation.T0);
    assertEquals(1, fired.size(), fired.toString());
    assertEquals("spike", fired.get(0).rule());
    assertEquals(
        Evaluation.T0 + 151 * 60_000L, fired.get(0).firstMinute(), "its first spike minute");
    assertEquals(Evaluation.T0 + 151 * 60_000L, fired.get(0).firedMinute(), "on its second");
  }
}
