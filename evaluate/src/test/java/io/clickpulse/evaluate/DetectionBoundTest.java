package io.clickpulse.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bound against the Neyman-Pearson test worked out term by term from Poisson probabilities
 * (summed one by one here, where {@code DetectionBound} goes through the incomplete gamma
 * function).
 */
class DetectionBoundTest {

  /** A week's minutes: each window of 5 minutes may hold an alert with chance 5 / 10,080. */
  private static final double SIZE_ONE_ALARM_A_WEEK_FIVE_MINUTES = 5.0 / (7 * 24 * 60);

  @ParameterizedTest(name = "{0}/min x{1} for {2} min, horizon {3}, {4} alarms a week")
  @CsvSource({
    // rate, factor, minutes, horizon, alarms a week, the sum at which the test always rejects
    // from (spikes: that sum and above) or to (drops: that sum and below)
    "1, 5, 3, 5, 1, 11", // 5x spike at 1/min: 15 clicks expected where 3 are usual
    "2, 5, 3, 5, 1, 17",
    "1, 10, 3, 5, 1, 11",
    "1, 5, 3, 5, 10, 9",
    "5, 0.1, 3, 3, 1, 3", // drop: 15 clicks usual in 3 minutes, 1.5 in the drop
    "4, 0.1, 3, 3, 1, 1",
    "10, 0.1, 3, 3, 1, 12",
  })
  void boundIsTheThresholdTestOnTheIncidentMinutesSum(
      double rate, double factor, int minutes, int horizon, double alarms, int threshold) {
    double size = alarms * horizon / (7 * 24 * 60);
    double steady = rate * minutes;
    double incident = steady * factor;
    // The sums rejected always, and the one next to them rejected by chance to fill the size.
    IntPredicate rejected = factor > 1 ? sum -> sum >= threshold : sum -> sum <= threshold;
    int edge = factor > 1 ? threshold - 1 : threshold + 1;
    double steadyRejected = probability(rejected, steady);
    assertTrue(steadyRejected <= size && steadyRejected + pmf(edge, steady) > size);
    double chance = (size - steadyRejected) / pmf(edge, steady);
    double expected = probability(rejected, incident) + chance * pmf(edge, incident);

    assertEquals(expected, DetectionBound.bestRecall(rate, factor, minutes, horizon, alarms), 1e-9);
  }

  @Test
  void atOneClickAMinuteNoDetectorFinds95PercentOfFiveTimesSpikesWithinOneAlarmAWeek() {
    double atOne = DetectionBound.bestRecall(1, 5, 3, 5, 1);
    double atTwo = DetectionBound.bestRecall(2, 5, 3, 5, 1);

    assertTrue(atOne > 0.85 && atOne < 0.95, "1/min: " + atOne);
    assertTrue(atTwo > 0.99, "2/min: " + atTwo);
    assertTrue(
        DetectionBound.bestRecall(1, 5, 3, 5, 4) > atOne, "a larger alarm budget finds more");
    assertEquals(
        SIZE_ONE_ALARM_A_WEEK_FIVE_MINUTES,
        DetectionBound.bestRecall(1, 1.000001, 3, 5, 1),
        1e-6,
        "an incident barely apart from steady traffic is found about as often as the size allows");
  }

  @Test
  void aBudgetOfAnAlertInEveryWindowFindsEverything() {
    assertEquals(1.0, DetectionBound.bestRecall(1, 0.1, 3, 3, 7 * 24 * 60 / 3.0));
    assertEquals(1.0, DetectionBound.bestRecall(1, 5, 3, 5, 1e6));
  }

  @Test
  void rejectsIncidentsThatAreNoChange() {
    assertThrows(IllegalArgumentException.class, () -> DetectionBound.bestRecall(1, 1, 3, 5, 1));
    assertThrows(IllegalArgumentException.class, () -> DetectionBound.bestRecall(1, 5, 3, 2, 1));
  }

  private static double pmf(int k, double mean) {
    double p = Math.exp(-mean);
    for (int i = 1; i <= k; i++) {
      p *= mean / i;
    }
    return p;
  }

  /** P(rejected(S)) for S ~ Poisson(mean), summed term by term (far enough into the tail). */
  private static double probability(IntPredicate rejected, double mean) {
    double sum = 0;
    for (int k = 0; k <= 10 * mean + 50; k++) {
      sum += rejected.test(k) ? pmf(k, mean) : 0;
    }
    return sum;
  }
}
