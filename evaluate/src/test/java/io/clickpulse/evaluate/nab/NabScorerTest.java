package io.clickpulse.evaluate.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.clickpulse.evaluate.nab.NabScorer.Profile;
import io.clickpulse.evaluate.nab.NabScorer.RowScore;
import io.clickpulse.evaluate.nab.NabScorer.RowWindow;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * NAB's own scorer tests (numenta/NAB {@code tests/integration/{scorer, true_positive,
 * false_positive, false_negative}_test.py}, {@code tests/unit/normalize_test.py}): the same inputs,
 * the same expected scores and row counts. Like NAB's, they use a cost matrix of 1.0 everywhere
 * unless they say otherwise, and no probationary period.
 */
class NabScorerTest {

  /** NAB's test cost matrix ("tpWeight", "fnWeight", "fpWeight" all 1.0). */
  private static final Profile ONES = new Profile("test", 1.0, 1.0, 1.0);

  private static final NabScorer SCORER = new NabScorer(ONES, 0);

  /** NAB's {@code test_helpers.generateWindows}: evenly spaced windows of windowSize rows. */
  static List<RowWindow> generateWindows(int length, int numWindows, int windowSize) {
    // Python 3 round() rounds halves to even, as Math.rint does.
    int diff = (int) Math.rint((length - numWindows * windowSize) / (double) (numWindows + 1));
    List<RowWindow> windows = new ArrayList<>();
    for (int i = 0; i < numWindows; i++) {
      int first = diff * (i + 1) + windowSize * i;
      windows.add(new RowWindow(first, first + windowSize - 1));
    }
    return windows;
  }

  private static boolean[] detections(int length, int... rows) {
    boolean[] detected = new boolean[length];
    for (int row : rows) {
      detected[row] = true;
    }
    return detected;
  }

  private static void assertCounts(RowScore score, int tn, int tp, int fp, int fn) {
    assertEquals(List.of(tn, tp, fp, fn), List.of(score.tn(), score.tp(), score.fp(), score.fn()));
  }

  /**
   * Single-detection-set cases: length, windows (count, size), the detected rows (relative to
   * window 0's first row when {@code fromWindow}), the expected score (NaN: not asserted, see the
   * comparison cases) and NAB's expected counts tn, tp, fp, fn.
   */
  static Stream<Arguments> nabCases() {
    return Stream.of(
        // scorer_test.testNullCase: no windows, no predictions -> 0.0
        Arguments.of("testNullCase", 10, 0, 0, false, new int[] {}, 0.0, 10, 0, 0, 0),
        // scorer_test.testScoringAllMetrics: TP, additional TP, FP -> -0.9540
        Arguments.of(
            "testScoringAllMetrics", 100, 2, 5, true, new int[] {0, 1, 7}, -0.9540, 89, 2, 1, 8),
        // false_negative_test: each missed window costs exactly fnWeight
        Arguments.of(
            "testFalseNegativeCausesNegativeScore",
            1000,
            1,
            10,
            false,
            new int[] {},
            -1.0,
            990,
            0,
            0,
            10),
        Arguments.of(
            "testFourFalseNegatives", 2000, 4, 10, false, new int[] {}, -4.0, 1960, 0, 0, 40),
        // false_positive_test.testOneFalsePositiveNoWindow: exactly -fpWeight
        Arguments.of(
            "testOneFalsePositiveNoWindow", 1000, 0, 10, false, new int[] {0}, -1.0, 999, 0, 1, 0),
        // true_positive_test.testFirstTruePositiveWithinWindow: exactly tpWeight
        Arguments.of(
            "testFirstTruePositiveWithinWindow", 10, 1, 2, true, new int[] {0}, 1.0, 8, 1, 0, 1));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nabCases")
  void reproducesNabScoresAndCounts(
      String nabTest,
      int length,
      int numWindows,
      int windowSize,
      boolean fromWindow,
      int[] rows,
      double expectedScore,
      int tn,
      int tp,
      int fp,
      int fn) {
    List<RowWindow> windows = generateWindows(length, numWindows, windowSize);
    int offset = fromWindow ? windows.get(0).first() : 0;
    int[] detected = java.util.Arrays.stream(rows).map(r -> r + offset).toArray();
    RowScore score = SCORER.scoreRows(length, windows, detections(length, detected));
    assertEquals(expectedScore, score.raw(), 0.00005);
    assertCounts(score, tn, tp, fp, fn);
  }

  @Test
  void falsePositiveMeansNegativeScore() {
    // false_positive_test.testFalsePositiveMeansNegativeScore
    List<RowWindow> windows = generateWindows(1000, 1, 10);
    RowScore score = SCORER.scoreRows(1000, windows, detections(1000, 0));
    assertTrue(score.raw() < 0);
    assertCounts(score, 989, 0, 1, 10);
  }

  @Test
  void twoFalsePositivesAreWorseThanOne() {
    // false_positive_test.testTwoFalsePositivesIsWorseThanOne
    List<RowWindow> windows = generateWindows(1000, 1, 10);
    RowScore one = SCORER.scoreRows(1000, windows, detections(1000, 0));
    RowScore two = SCORER.scoreRows(1000, windows, detections(1000, 0, 1));
    assertTrue(two.raw() < one.raw());
    assertCounts(one, 989, 0, 1, 10);
    assertCounts(two, 988, 0, 2, 10);
  }

  @Test
  void earlierFalsePositiveAfterWindowIsBetter() {
    // false_positive_test.testEarlierFalsePositiveAfterWindowIsBetter
    List<RowWindow> windows = generateWindows(10, 1, 2);
    int afterWindow = windows.get(0).last() + 1;
    RowScore earlier = SCORER.scoreRows(10, windows, detections(10, afterWindow));
    RowScore later = SCORER.scoreRows(10, windows, detections(10, afterWindow + 1));
    assertTrue(earlier.raw() > later.raw());
    assertCounts(earlier, 7, 0, 1, 2);
    assertCounts(later, 7, 0, 1, 2);
  }

  @Test
  void earlierTruePositiveIsBetter() {
    // true_positive_test.testEarlierTruePositiveIsBetter
    List<RowWindow> windows = generateWindows(10, 1, 2);
    RowScore first = SCORER.scoreRows(10, windows, detections(10, windows.get(0).first()));
    RowScore last = SCORER.scoreRows(10, windows, detections(10, windows.get(0).last()));
    assertTrue(first.raw() > last.raw());
    assertCounts(first, 8, 1, 0, 1);
    assertCounts(last, 8, 1, 0, 1);
  }

  @Test
  void onlyTheFirstTruePositiveInAWindowCounts() {
    // true_positive_test.testOnlyScoreFirstTruePositiveWithinWindow
    List<RowWindow> windows = generateWindows(10, 1, 2);
    RowWindow w = windows.get(0);
    RowScore one = SCORER.scoreRows(10, windows, detections(10, w.first()));
    RowScore two = SCORER.scoreRows(10, windows, detections(10, w.first(), w.last()));
    assertEquals(one.raw(), two.raw());
    assertCounts(one, 8, 1, 0, 1);
    assertCounts(two, 8, 2, 0, 0);
  }

  @Test
  void truePositivesAtTheLeftEdgeScoreTheSameWhateverTheWindowSize() {
    // true_positive_test.testTruePositivesWithDifferentWindowSizes
    List<RowWindow> narrow = generateWindows(10, 1, 2);
    List<RowWindow> wide = generateWindows(10, 1, 3);
    RowScore a = SCORER.scoreRows(10, narrow, detections(10, narrow.get(0).first()));
    RowScore b = SCORER.scoreRows(10, wide, detections(10, wide.get(0).first()));
    assertEquals(a.raw(), b.raw());
    assertCounts(a, 8, 1, 0, 1);
    assertCounts(b, 7, 1, 0, 2);
  }

  @Test
  void truePositiveAtTheRightEdgeScoresAboutZero() {
    // true_positive_test.testTruePositiveAtRightEdgeOfWindow
    List<RowWindow> windows = generateWindows(1000, 1, 100);
    int last = windows.get(0).last();
    RowScore atEdge = SCORER.scoreRows(1000, windows, detections(1000, last));
    RowScore justAfter = SCORER.scoreRows(1000, windows, detections(1000, last + 1));
    // TP + FP + 1 (the FN the second one also pays) is about 0.
    assertEquals(0.0, atEdge.raw() + justAfter.raw() + 1, 0.0005);
    assertCounts(atEdge, 900, 1, 0, 99);
    assertCounts(justAfter, 899, 0, 1, 100);
  }

  @Test
  void rewardLowFalseNegativesProfileDoublesTheMissCost() {
    // scorer_test.testRewardLowFalseNegatives
    List<RowWindow> windows = generateWindows(100, 1, 10);
    NabScorer lowFn = new NabScorer(new Profile("fn", 1.0, 0.055, 2.0), 0);
    RowScore standard = SCORER.scoreRows(100, windows, new boolean[100]);
    RowScore rewardLowFn = lowFn.scoreRows(100, windows, new boolean[100]);
    assertEquals(standard.raw(), 0.5 * rewardLowFn.raw());
    assertCounts(standard, 90, 0, 0, 10);
    assertCounts(rewardLowFn, 90, 0, 0, 10);
  }

  @Test
  void rewardLowFalsePositivesProfileDoublesTheFalseAlarmCost() {
    // scorer_test.testRewardLowFalsePositives
    NabScorer lowFp = new NabScorer(new Profile("fp", 1.0, 2.0, 0.5), 0);
    RowScore standard = SCORER.scoreRows(100, List.of(), detections(100, 0));
    RowScore rewardLowFp = lowFp.scoreRows(100, List.of(), detections(100, 0));
    assertEquals(standard.raw(), 0.5 * rewardLowFp.raw());
    assertCounts(standard, 99, 0, 1, 0);
    assertCounts(rewardLowFp, 99, 0, 1, 0);
  }

  @Test
  void falsePositiveWeightOf011BalancesRandomDetections() {
    // scorer_test.testFalsePositiveScaling: 10 random detections in 100 rows with one 10-row
    // window; TP and FP about cancel, so the mean is within [-1.5, 0.5]. Seeded here.
    NabScorer scorer = new NabScorer(new Profile("scaled", 1.0, 0.11, 1.0), 0);
    List<RowWindow> windows = generateWindows(100, 1, 10);
    Random random = new Random(16);
    double sum = 0;
    for (int trial = 0; trial < 20; trial++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        rows.add(i);
      }
      java.util.Collections.shuffle(rows, random);
      int[] chosen = rows.subList(0, 10).stream().mapToInt(Integer::intValue).toArray();
      sum += scorer.scoreRows(100, windows, detections(100, chosen)).raw();
    }
    double mean = sum / 20;
    assertTrue(mean >= -1.5 && mean <= 0.5, "mean " + mean);
  }

  @ParameterizedTest(name = "{0} rows, {1} -> {2}")
  @CsvSource({
    // sweeper_test.testGetProbationaryLength
    "100, 0.0, 0",
    "100, 1.0, 100",
    "100, 0.1, 10",
    "100, 0.15, 15",
    "5000, 0.1, 500",
    "6000, 0.1, 500",
    // the NAB tweets series: capped at 0.15 * 5000
    "15902, 0.15, 750",
  })
  void probationaryLength(int numRows, double percent, int expected) {
    assertEquals(expected, NabScorer.probationaryLength(numRows, percent));
  }

  @Test
  void sweepScoresArePositiveInWindowsAndNegativeElsewhere() {
    // sweeper_test.testCalcSweepScoreWindowScoreInteraction: windows (30, 39), (75, 95) of 100
    // rows, standard weights, 10 % probation.
    NabScorer scorer = new NabScorer(Profile.STANDARD, 0.1);
    List<RowWindow> windows = List.of(new RowWindow(30, 39), new RowWindow(75, 95));
    List<NabScorer.RowPoint> points = scorer.sweep(100, windows);
    assertEquals(100, points.size());
    assertEquals(
        NabScorer.probationaryLength(100, 0.1),
        points.stream().filter(NabScorer.RowPoint::probationary).count());
    List<NabScorer.RowPoint> inWindow =
        points.stream().filter(p -> !p.probationary() && p.window() >= 0).toList();
    assertEquals(10 + 21, inWindow.size());
    for (NabScorer.RowPoint p : points) {
      if (!p.probationary() && p.window() >= 0) {
        assertTrue(p.sweepScore() > 0, p.toString());
      } else {
        assertTrue(p.sweepScore() < 0, p.toString());
      }
    }
  }

  @ParameterizedTest(name = "S({0}) = {1}")
  @CsvSource({
    // the values in NAB's scaledSigmoid docstring
    "-1.0, 0.98661",
    "-0.5, 0.84828",
    "0.0, 0.0",
    "1.0, -0.98661",
    "3.5, -1.0",
  })
  void scaledSigmoid(double position, double expected) {
    assertEquals(expected, NabScorer.scaledSigmoid(position), 0.000005);
  }

  @Test
  void normalizesAgainstTheNullDetectorAndThePerfectOne() {
    // normalize_test.testScoreNormalization: null -5.0, detector 2.0, 5 labelled windows -> 70.0
    assertEquals(70.0, NabScorer.normalize(2.0, -5.0, 5 * 1.0));
  }

  @Test
  void matchesNabsThresholdSweepOnRandomDetections() {
    // The binary shortcut against the line-for-line port of calcScoreByThreshold, with
    // detections as anomaly scores 1.0 and NAB's usual threshold 0.5, on windows near probation.
    NabScorer scorer = new NabScorer(Profile.STANDARD, 0.15);
    List<RowWindow> windows =
        List.of(new RowWindow(10, 19), new RowWindow(40, 49), new RowWindow(80, 87));
    Random random = new Random(7);
    for (int trial = 0; trial < 200; trial++) {
      boolean[] detected = new boolean[100];
      List<NabThresholdSweep.AnomalyPoint> points = new ArrayList<>();
      List<NabScorer.RowPoint> sweep = scorer.sweep(100, windows);
      for (int i = 0; i < 100; i++) {
        detected[i] = random.nextInt(10) == 0;
        NabScorer.RowPoint p = sweep.get(i);
        String window =
            p.probationary()
                ? NabThresholdSweep.PROBATIONARY
                : p.window() < 0 ? null : "w" + p.window();
        points.add(
            new NabThresholdSweep.AnomalyPoint(i, detected[i] ? 1.0 : 0.0, p.sweepScore(), window));
      }
      NabThresholdSweep.ThresholdScore nab =
          NabThresholdSweep.atThreshold(NabThresholdSweep.scoreByThreshold(points, 1.0), 0.5);
      RowScore ours = scorer.scoreRows(100, windows, detected);
      assertEquals(nab.score(), ours.raw(), 1e-12);
      assertEquals(
          List.of(nab.tp(), nab.tn(), nab.fp(), nab.fn()),
          List.of(ours.tp(), ours.tn(), ours.fp(), ours.fn()));
    }
  }

  /**
   * The shared NAB series with a detection in every row i where i % 97 == 13 (a minute and a half
   * into the row), against what NAB's own {@code Sweeper.scoreDataSet} (standard profile, 15 %
   * probation, threshold 0.5) returns for the same rows: computed once with numenta/NAB's
   * sweeper.py and copied here.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "Twitter_volume_AAPL.csv, -10.764028507538772, 13426, 18, 138, 1570",
    "Twitter_volume_AMZN.csv, -10.92828112705501, 13361, 16, 140, 1564",
    "Twitter_volume_CRM.csv, -11.80441408813825, 13420, 17, 139, 1576",
    "Twitter_volume_CVS.csv, -12.004897082805938, 13437, 16, 140, 1510",
    "Twitter_volume_FB.csv, -12.928725977683907, 13361, 16, 140, 1566",
  })
  void matchesNabsPythonScorerOnTheSharedSeries(
      String file, double nabScore, int tn, int tp, int fp, int fn) {
    Optional<Path> data = NabSeries.locateDataDir();
    assumeTrue(data.isPresent(), "shared/data/nab-tweets is not next to this checkout");
    NabSeries series = NabSeries.read(data.get().resolve(file));
    List<Instant> detections = new ArrayList<>();
    for (int i = 13; i < series.rowTimestamps().size(); i += 97) {
      detections.add(series.rowTimestamps().get(i).plusSeconds(90));
    }
    NabScorer.Score score =
        NabScorer.standard().score(series.rowTimestamps(), series.windows(), detections);
    assertEquals(nabScore, score.raw(), 1e-9);
    assertEquals(
        List.of(tn, tp, fp, fn),
        List.of(score.tn(), score.tp(), score.falsePositiveRows(), score.fn()));
  }

  // --- beyond NAB's tests: what this port promises on timestamps ---

  private static final Instant T0 = Instant.parse("2015-02-26T21:42:53Z");

  private static List<Instant> rows(int n) {
    List<Instant> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(T0.plus(Duration.ofMinutes(5L * i)));
    }
    return rows;
  }

  private static Instant row(int i) {
    return T0.plus(Duration.ofMinutes(5L * i));
  }

  /** 1000 rows (probation 150), windows at rows 300..399 and 700..749. */
  private static final List<NabWindow> WINDOWS =
      List.of(new NabWindow(row(300), row(399)), new NabWindow(row(700), row(749)));

  @Test
  void nullDetectorScoresZero() {
    NabScorer.Score score = NabScorer.standard().score(rows(1000), WINDOWS, List.of());
    assertEquals(-2.0, score.raw());
    assertEquals(0.0, score.normalized());
    assertEquals(0, score.windowsDetected());
  }

  @Test
  void detectingEachWindowAtItsStartScoresHundred() {
    NabScorer.Score score =
        NabScorer.standard().score(rows(1000), WINDOWS, List.of(row(300), row(700)));
    assertEquals(100.0, score.normalized(), 1e-9);
    assertEquals(List.of(row(300), row(700)), firstDetections(score));
  }

  @Test
  void detectionsInTheProbationaryPeriodAreIgnored() {
    NabScorer scorer = NabScorer.standard();
    NabScorer.Score without = scorer.score(rows(1000), WINDOWS, List.of(row(300)));
    NabScorer.Score with =
        scorer.score(rows(1000), WINDOWS, List.of(row(0), row(149).plusSeconds(299), row(300)));
    assertEquals(without.raw(), with.raw());
    assertEquals(2, with.detectionsInProbation());
    assertEquals(0, with.detectionsOutsideWindows());
    assertEquals(0, with.falsePositiveRows());
    // Row 150 is the first scored row: a detection there is a false positive.
    NabScorer.Score after = scorer.score(rows(1000), WINDOWS, List.of(row(150), row(300)));
    assertEquals(without.raw() - 0.11, after.raw(), 1e-12);
    assertEquals(1, after.detectionsOutsideWindows());
  }

  @Test
  void aLateDetectionInAWindowScoresLessThanAnEarlyOne() {
    NabScorer scorer = NabScorer.standard();
    double previous = Double.POSITIVE_INFINITY;
    for (int r = 300; r <= 399; r += 11) {
      double score = scorer.score(rows(1000), WINDOWS, List.of(row(r))).raw();
      assertTrue(score < previous, "row " + r + ": " + score + " >= " + previous);
      previous = score;
    }
  }

  @Test
  void falsePositivesAfterAWindowAreWeightedByThatWindow() {
    // 5 rows after the 100-row window: |i - right| / (width - 1) = 5/99; far after: -fpWeight.
    NabScorer scorer = NabScorer.standard();
    double base = scorer.score(rows(1000), WINDOWS, List.of()).raw();
    double justAfter = scorer.score(rows(1000), WINDOWS, List.of(row(404))).raw() - base;
    double farAfter = scorer.score(rows(1000), WINDOWS, List.of(row(699))).raw() - base;
    assertEquals(0.11 * NabScorer.scaledSigmoid(5 / 99.0), justAfter, 1e-12);
    assertEquals(0.11 * -1.0, farAfter, 1e-12);
  }

  @ParameterizedTest(name = "{0} -> row {1}")
  @CsvSource({
    "2015-02-26T21:42:53Z, 0",
    "2015-02-26T21:47:52.999Z, 0",
    "2015-02-26T21:47:53Z, 1",
    "2015-02-26T22:00:00Z, 3",
    // the last row (9) lasts 5 minutes like the others
    "2015-02-26T22:32:52Z, 9",
  })
  void detectionCountsForTheRowContainingIt(String t, int expectedRow) {
    assertEquals(expectedRow, NabScorer.rowOf(rows(10), Instant.parse(t)));
  }

  @ParameterizedTest
  @CsvSource({"2015-02-26T21:42:52Z", "2015-02-26T22:32:53Z"})
  void detectionOutsideTheSeriesFailsNamingIt(String t) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> NabScorer.rowOf(rows(10), Instant.parse(t)));
    assertTrue(e.getMessage().contains(t), e.getMessage());
  }

  @Test
  void windowBoundsMustBeRowTimestampsInOrder() {
    List<NabWindow> offGrid = List.of(new NabWindow(row(3).plusSeconds(1), row(5)));
    assertThrows(IllegalArgumentException.class, () -> NabScorer.rowWindows(rows(10), offGrid));
    List<NabWindow> overlapping =
        List.of(new NabWindow(row(2), row(5)), new NabWindow(row(5), row(7)));
    assertThrows(IllegalArgumentException.class, () -> NabScorer.rowWindows(rows(10), overlapping));
  }

  private static List<Instant> firstDetections(NabScorer.Score score) {
    return score.windows().stream().map(NabScorer.WindowResult::firstDetection).toList();
  }
}
