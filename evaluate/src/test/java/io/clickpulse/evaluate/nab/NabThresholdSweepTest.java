package io.clickpulse.evaluate.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.evaluate.nab.NabThresholdSweep.AnomalyPoint;
import io.clickpulse.evaluate.nab.NabThresholdSweep.ThresholdScore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** NAB's sweeper tests ({@code tests/integration/sweeper_test.py}) on the port of the sweep. */
class NabThresholdSweepTest {

  private static final String P = NabThresholdSweep.PROBATIONARY;

  @Test
  void prepareDropsProbationaryRowsAndSortsByAnomalyScoreKeepingTies() {
    // testPrepAnomalyListForScoring
    List<AnomalyPoint> input =
        List.of(
            new AnomalyPoint(0, 0.5, 0, P),
            new AnomalyPoint(1, 0.5, 0, P),
            new AnomalyPoint(2, 0.0, 0, null),
            new AnomalyPoint(3, 0.1, 0, null),
            new AnomalyPoint(4, 0.2, 0, "windowA"),
            new AnomalyPoint(5, 0.5, 0, "windowB"),
            new AnomalyPoint(6, 0.5, 0, null),
            new AnomalyPoint(7, 0.0, 0, null));
    List<AnomalyPoint> expected =
        List.of(
            new AnomalyPoint(5, 0.5, 0, "windowB"),
            new AnomalyPoint(6, 0.5, 0, null),
            new AnomalyPoint(4, 0.2, 0, "windowA"),
            new AnomalyPoint(3, 0.1, 0, null),
            new AnomalyPoint(2, 0.0, 0, null),
            new AnomalyPoint(7, 0.0, 0, null));
    assertEquals(expected, NabThresholdSweep.prepareForScoring(input));
  }

  @Test
  void scorePartsStartEachWindowAsAMiss() {
    // testPrepareScoreParts
    List<AnomalyPoint> input =
        List.of(
            new AnomalyPoint(0, 0.5, 0, P),
            new AnomalyPoint(1, 0.5, 0, P),
            new AnomalyPoint(2, 0.0, 0, null),
            new AnomalyPoint(4, 0.2, 0, "windowA"),
            new AnomalyPoint(5, 0.2, 0, "windowA"),
            new AnomalyPoint(6, 0.5, 0, "windowB"),
            new AnomalyPoint(7, 0.5, 0, null));
    assertEquals(
        Map.of("fp", 0.0, "windowA", -33.0, "windowB", -33.0),
        NabThresholdSweep.scoreParts(input, 33.0));
  }

  @Test
  void scoreByThresholdReturnsNabsExpectedScores() {
    // testCalcScoreByThresholdReturnsExpectedScores
    double fnWeight = 5.0;
    List<AnomalyPoint> input =
        List.of(
            new AnomalyPoint(0, 0.5, -1000, P), // never counts (probationary)
            new AnomalyPoint(1, 0.5, -1000, P), // never counts (probationary)
            new AnomalyPoint(2, 0.0, -3, null), // counts only at threshold 0.0
            new AnomalyPoint(4, 0.2, 20, "windowA"), // replaces the next row once <= 0.2
            new AnomalyPoint(5, 0.3, 10, "windowA"), // windowA's score until <= 0.2
            new AnomalyPoint(6, 0.5, 5, "windowB"),
            new AnomalyPoint(7, 0.5, -3, null));
    List<ThresholdScore> expected =
        List.of(
            new ThresholdScore(1.1, -2 * fnWeight, 0, 2, 0, 3, 5),
            new ThresholdScore(0.5, 5 - 3 - fnWeight, 1, 1, 1, 2, 5),
            new ThresholdScore(0.3, 5 - 3 + 10, 2, 1, 1, 1, 5),
            new ThresholdScore(0.2, 5 - 3 + 20, 3, 1, 1, 0, 5),
            new ThresholdScore(0.0, 5 - 3 + 20 - 3, 3, 0, 2, 0, 5));
    assertEquals(expected, NabThresholdSweep.scoreByThreshold(input, fnWeight));
  }

  @Test
  void atThresholdPicksNabsMatchingRow() {
    List<ThresholdScore> scores =
        List.of(
            new ThresholdScore(1.1, -2, 0, 0, 0, 0, 0),
            new ThresholdScore(1.0, 1, 0, 0, 0, 0, 0),
            new ThresholdScore(0.0, -5, 0, 0, 0, 0, 0));
    assertEquals(1.0, NabThresholdSweep.atThreshold(scores, 0.5).score());
    assertEquals(1.0, NabThresholdSweep.atThreshold(scores, 1.0).score());
    assertEquals(-5.0, NabThresholdSweep.atThreshold(scores, 0.0).score());
  }
}
