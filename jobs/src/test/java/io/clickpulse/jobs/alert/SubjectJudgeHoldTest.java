package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Minutes at least twice the baseline are held back from learning until their run ends: learnt
 * then, in order, when it ends calm; never, when it turns out to be a spike.
 */
class SubjectJudgeHoldTest {
  private static final AlertRules RULES = AlertRules.bundled();

  /** A link warmed up on 2 clicks a minute (mean 2, variance 0: Poisson). */
  private static Baseline warm(SubjectJudge judge) {
    Baseline b = new Baseline();
    for (long m = 0; m < 120; m++) {
      judge.judge(LinkMinutes.minute(m, 2), b);
    }
    return b;
  }

  @ParameterizedTest(name = "{0}: spike {1}, learnt {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Calm runs: learnt once the run ends, exactly as if learnt minute by minute.
        "5,2 | false | 5,2",
        "5,5,1 | false | 5,5,1",
        // Longer than the window (3): the oldest is learnt when a third comes, before it.
        "5,5,5,2 | false | 5,5,5,2",
        // A spike: 5 + 12 = 17 where 4 are usual (P(X >= 17 | 4) = 1e-6): the run is never learnt.
        "5,5,12 | true | ''",
      })
  void heldMinutesAreLearntWhenTheirRunEndsCalm(String minutes, boolean spike, String learnt) {
    SubjectJudge judge = new SubjectJudge(RULES);
    Baseline held = warm(judge);
    boolean spiked = false;
    long m = 120;
    for (String c : minutes.split(",")) {
      MinuteObservation o = LinkMinutes.minute(m++, Long.parseLong(c));
      judge.judge(o, held);
      spiked |= o.spike;
    }
    assertEquals(spike, spiked, minutes);

    // The same baseline learning the expected minutes one by one (all calm: never held).
    Baseline expected = warm(judge);
    double alpha = 2.0 / (RULES.baseline().spanMinutes + 1);
    if (!learnt.isEmpty()) {
      for (String c : learnt.split(",")) {
        expected.update(
            Long.parseLong(c), alpha); // all under the learning's clip (mean + 3 spreads)
      }
    }
    assertEquals(expected.mean, held.mean, 1e-9, "mean");
    assertEquals(expected.variance, held.variance, 1e-9, "variance");
    assertEquals(expected.minutes, held.minutes, "minutes learnt");
    assertEquals(0, held.held, "nothing left held");
    if (spike) {
      assertTrue(Arrays.stream(held.recent).anyMatch(r -> r == 12), "remembered, not learnt");
    } else {
      assertFalse(held.lastSpike);
    }
  }
}
