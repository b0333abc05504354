package io.clickpulse.evaluate.nab;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * The Numenta Anomaly Benchmark score of one series' detections, ported from NAB's own scorer
 * (github.com/numenta/NAB, MIT licence: {@code nab/sweeper.py} {@code calcSweepScore} and {@code
 * calcScoreByThreshold}, {@code nab/util.py} {@code getProbationPeriod}, the normalisation in
 * {@code nab/runner.py} and the weights in {@code config/profiles.json}).
 *
 * <p>What NAB does, and so what this does:
 *
 * <ul>
 *   <li>Scoring is per data row. A detection counts for the row it falls in; several detections in
 *       one row are one detected row. Here a detection instant is mapped to the row whose interval
 *       {@code [timestamp, next timestamp)} contains it ({@link #rowOf}).
 *   <li>Inside a window a detected row scores {@code tpWeight * S(p) / S(-1)}, with the scaled
 *       sigmoid {@code S(p) = 2 / (1 + e^(5p)) - 1} of the relative position {@code p = -(right - i
 *       + 1) / width} (-1 at the window's first row, -1/width at its last). Only the best, which is
 *       the earliest, detected row of a window counts; an undetected window costs {@code
 *       -fnWeight}.
 *   <li>Outside every window each detected row costs {@code fpWeight * S(p)}: {@code p = |i -
 *       right| / (width - 1)} after a window (the preceding window's last row and width), so a
 *       false positive just after a window costs little and one far after costs {@code -fpWeight};
 *       before the first window it costs {@code -fpWeight}.
 *   <li>The probationary period, {@code min(floor(0.15 n), 0.15 * 5000)} rows at the start (so at
 *       most 750 rows, 62.5 hours of 5-minute rows), is not scored at all: detections there and
 *       window rows there count neither way. NAB's cap makes it about 5 % of a 55-day series, not
 *       15 %.
 *   <li>Normalised score {@code 100 (raw - null) / (perfect - null)}: null is the raw score without
 *       detections, perfect is {@code tpWeight} per labelled window (a detection at each window's
 *       first row). NAB normalises the whole corpus at once; {@link #normalize} does either.
 * </ul>
 */
public final class NabScorer {

  /** NAB's cost matrix ({@code config/profiles.json}); {@code tnWeight} is unused by NAB. */
  public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {
    public static final Profile STANDARD = new Profile("standard", 1.0, 0.11, 1.0);
    public static final Profile REWARD_LOW_FP_RATE =
        new Profile("reward_low_FP_rate", 1.0, 0.22, 1.0);
    public static final Profile REWARD_LOW_FN_RATE =
        new Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
  }

  /** A window as the indices of its first and last row (both inclusive). */
  public record RowWindow(int first, int last) {
    public int width() {
      return last - first + 1;
    }
  }

  /**
   * One row as NAB's sweep sees it: what detecting it would add ({@code sweepScore}), the index of
   * the window it is in (-1 outside every window) and whether it lies in the probationary period.
   */
  public record RowPoint(double sweepScore, int window, boolean probationary) {}

  /** A window's outcome: its first detected row (-1 if none) and what it adds to the raw score. */
  public record RowWindowResult(
      RowWindow window, boolean scored, int firstDetectedRow, double score) {
    public boolean detected() {
      return firstDetectedRow >= 0;
    }
  }

  /**
   * The raw score of one series and NAB's row counts (probationary rows excluded): {@code tp}
   * detected window rows, {@code fn} undetected window rows, {@code fp} detected rows outside the
   * windows, {@code tn} the other rows outside.
   */
  public record RowScore(
      double raw,
      double falsePositiveScore,
      int tp,
      int tn,
      int fp,
      int fn,
      List<RowWindowResult> windows) {}

  /** A labelled window's outcome; {@code firstDetection} is null when it was missed. */
  public record WindowResult(NabWindow window, Instant firstDetection, double score) {
    public boolean detected() {
      return firstDetection != null;
    }
  }

  /**
   * The score of one series' detections. {@code falsePositiveRows} is NAB's {@code fp} (rows);
   * {@code detectionsOutsideWindows} counts the detections themselves that fall outside every
   * window after the probationary period, {@code detectionsInProbation} those in it.
   */
  public record Score(
      double raw,
      double nullScore,
      double perfect,
      List<WindowResult> windows,
      int tp,
      int tn,
      int falsePositiveRows,
      int fn,
      int detectionsOutsideWindows,
      int detectionsInProbation,
      int probationaryRows,
      int scoredRows) {

    /** {@code 100 (raw - null) / (perfect - null)}; NaN for a series without windows. */
    public double normalized() {
      return normalize(raw, nullScore, perfect);
    }

    public int windowsDetected() {
      return (int) windows.stream().filter(WindowResult::detected).count();
    }
  }

  /** NAB's default probationary share of each series. */
  public static final double PROBATION_PERCENT = 0.15;

  private final Profile profile;
  private final double probationPercent;

  public NabScorer(Profile profile, double probationPercent) {
    this.profile = Objects.requireNonNull(profile, "profile");
    if (!(probationPercent >= 0 && probationPercent <= 1)) {
      throw new IllegalArgumentException(
          "probation percent must be in [0, 1], got " + probationPercent);
    }
    this.probationPercent = probationPercent;
  }

  /** The standard profile with NAB's 15 % probationary period: what NAB's leaderboard reports. */
  public static NabScorer standard() {
    return new NabScorer(Profile.STANDARD, PROBATION_PERCENT);
  }

  public Profile profile() {
    return profile;
  }

  /**
   * NAB's {@code getProbationPeriod}: {@code min(floor(percent * rows), percent * 5000)}, as the
   * number of leading rows it excludes (NAB compares {@code i >= length}, so a fractional length
   * excludes up to its ceiling).
   */
  public static int probationaryLength(int numRows, double probationPercent) {
    double length = Math.min(Math.floor(probationPercent * numRows), probationPercent * 5000);
    return (int) Math.ceil(length);
  }

  /** NAB's {@code scaledSigmoid}: 2 sigmoid(-5 p) - 1, and -1 beyond 3 window widths. */
  public static double scaledSigmoid(double relativePositionInWindow) {
    if (relativePositionInWindow > 3.0) {
      return -1.0;
    }
    return 2 * sigmoid(-5 * relativePositionInWindow) - 1.0;
  }

  private static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  /** NAB's {@code calcSweepScore}: what detecting each row would add to the raw score. */
  public List<RowPoint> sweep(int numRows, List<RowWindow> windows) {
    checkRowWindows(numRows, windows);
    double maxTp = scaledSigmoid(-1.0);
    int probationaryLength = probationaryLength(numRows, probationPercent);
    List<RowPoint> points = new ArrayList<>(numRows);
    int next = 0;
    int current = -1;
    int prevRight = -1;
    double prevWidth = 0;
    for (int i = 0; i < numRows; i++) {
      if (current < 0 && next < windows.size() && i == windows.get(next).first()) {
        current = next++;
      }
      double weighted;
      if (current >= 0) {
        RowWindow w = windows.get(current);
        double position = -(w.last() - i + 1) / (double) w.width();
        weighted = scaledSigmoid(position) * profile.tpWeight() / maxTp;
      } else if (prevRight < 0) {
        // No window before: as if far from any window.
        weighted = -1.0 * profile.fpWeight();
      } else {
        // NAB divides by (width - 1); a one-row window would divide by zero in Python and gives
        // +infinity here, that is the full -fpWeight.
        double positionPastWindow = Math.abs(prevRight - i) / (prevWidth - 1);
        weighted = scaledSigmoid(positionPastWindow) * profile.fpWeight();
      }
      points.add(new RowPoint(weighted, current, i < probationaryLength));
      if (current >= 0 && i == windows.get(current).last()) {
        prevRight = i;
        prevWidth = windows.get(current).width();
        current = -1;
      }
    }
    return points;
  }

  /**
   * The raw score of detecting the rows marked in {@code detected}: NAB's {@code
   * calcScoreByThreshold} at the threshold that makes exactly those rows detections.
   */
  public RowScore scoreRows(int numRows, List<RowWindow> windows, boolean[] detected) {
    if (detected.length != numRows) {
      throw new IllegalArgumentException(
          "detected has " + detected.length + " rows, the series " + numRows);
    }
    List<RowPoint> points = sweep(numRows, windows);
    boolean[] scored = new boolean[windows.size()];
    double[] windowScore = new double[windows.size()];
    int[] firstDetected = new int[windows.size()];
    Arrays.fill(windowScore, -profile.fnWeight());
    Arrays.fill(firstDetected, -1);
    double fpScore = 0;
    int tp = 0;
    int tn = 0;
    int fp = 0;
    int fn = 0;
    for (int i = 0; i < numRows; i++) {
      RowPoint p = points.get(i);
      if (p.probationary()) {
        continue;
      }
      if (p.window() >= 0) {
        // NAB only knows (and charges a miss for) windows with a row after the probation.
        scored[p.window()] = true;
        if (detected[i]) {
          tp++;
          windowScore[p.window()] = Math.max(windowScore[p.window()], p.sweepScore());
          if (firstDetected[p.window()] < 0) {
            firstDetected[p.window()] = i;
          }
        } else {
          fn++;
        }
      } else if (detected[i]) {
        fp++;
        fpScore += p.sweepScore();
      } else {
        tn++;
      }
    }
    double raw = fpScore;
    List<RowWindowResult> results = new ArrayList<>(windows.size());
    for (int w = 0; w < windows.size(); w++) {
      double score = scored[w] ? windowScore[w] : 0;
      raw += score;
      results.add(new RowWindowResult(windows.get(w), scored[w], firstDetected[w], score));
    }
    return new RowScore(raw, fpScore, tp, tn, fp, fn, List.copyOf(results));
  }

  /**
   * The score of detections at the given instants on a series with rows at {@code rowTimestamps}
   * (increasing) and the labelled {@code windows}.
   */
  public Score score(
      List<Instant> rowTimestamps, List<NabWindow> windows, Collection<Instant> detections) {
    int numRows = rowTimestamps.size();
    List<RowWindow> rowWindows = rowWindows(rowTimestamps, windows);
    int probationaryLength = Math.min(numRows, probationaryLength(numRows, probationPercent));
    boolean[] detected = new boolean[numRows];
    boolean[] inWindow = new boolean[numRows];
    for (RowWindow w : rowWindows) {
      Arrays.fill(inWindow, w.first(), w.last() + 1, true);
    }
    int outside = 0;
    int inProbation = 0;
    for (Instant t : detections) {
      int row = rowOf(rowTimestamps, t);
      detected[row] = true;
      if (row < probationaryLength) {
        inProbation++;
      } else if (!inWindow[row]) {
        outside++;
      }
    }
    RowScore rows = scoreRows(numRows, rowWindows, detected);
    RowScore none = scoreRows(numRows, rowWindows, new boolean[numRows]);
    List<WindowResult> results = new ArrayList<>(windows.size());
    for (int w = 0; w < windows.size(); w++) {
      RowWindowResult r = rows.windows().get(w);
      Instant first = r.detected() ? rowTimestamps.get(r.firstDetectedRow()) : null;
      results.add(new WindowResult(windows.get(w), first, r.score()));
    }
    return new Score(
        rows.raw(),
        none.raw(),
        windows.size() * profile.tpWeight(),
        List.copyOf(results),
        rows.tp(),
        rows.tn(),
        rows.fp(),
        rows.fn(),
        outside,
        inProbation,
        probationaryLength,
        numRows - probationaryLength);
  }

  /** NAB's normalisation; NaN when perfect equals null (no windows). */
  public static double normalize(double raw, double nullScore, double perfect) {
    if (perfect == nullScore) {
      return Double.NaN;
    }
    return 100 * (raw - nullScore) / (perfect - nullScore);
  }

  /**
   * The windows as row indices. As NAB's labeler requires, each bound must be a row's timestamp; as
   * its sweep assumes, windows come in order without overlapping.
   */
  public static List<RowWindow> rowWindows(List<Instant> rowTimestamps, List<NabWindow> windows) {
    List<RowWindow> rows = new ArrayList<>(windows.size());
    for (NabWindow w : windows) {
      int first = Collections.binarySearch(rowTimestamps, w.start());
      int last = Collections.binarySearch(rowTimestamps, w.end());
      if (first < 0 || last < 0) {
        throw new IllegalArgumentException(
            "NAB window " + w.start() + " .. " + w.end() + ": both ends must be row timestamps");
      }
      rows.add(new RowWindow(first, last));
    }
    checkRowWindows(rowTimestamps.size(), rows);
    return List.copyOf(rows);
  }

  private static void checkRowWindows(int numRows, List<RowWindow> windows) {
    int previousLast = -1;
    for (RowWindow w : windows) {
      if (w.first() < 0 || w.last() >= numRows || w.last() < w.first()) {
        throw new IllegalArgumentException("NAB window rows " + w + " outside 0.." + (numRows - 1));
      }
      // NAB enters a window only when it is outside one, so windows must be ordered and apart.
      if (w.first() <= previousLast) {
        throw new IllegalArgumentException(
            "NAB windows must be in order and not overlap: "
                + w
                + " starts by row "
                + previousLast);
      }
      previousLast = w.last();
    }
  }

  /**
   * The row a detection at {@code t} counts for: the last row starting at or before {@code t}; the
   * last row lasts as long as the step before it. Fails for a time outside the series.
   */
  public static int rowOf(List<Instant> rowTimestamps, Instant t) {
    int found = Collections.binarySearch(rowTimestamps, t);
    int row = found >= 0 ? found : -found - 2;
    int last = rowTimestamps.size() - 1;
    Instant lastRow = rowTimestamps.get(last);
    boolean pastEnd =
        last == 0
            ? !t.equals(lastRow)
            : !t.isBefore(lastRow.plus(Duration.between(rowTimestamps.get(last - 1), lastRow)));
    if (row < 0 || pastEnd) {
      throw new IllegalArgumentException(
          "detection at "
              + t
              + " is outside the series ("
              + rowTimestamps.get(0)
              + " .. "
              + lastRow
              + ")");
    }
    return row;
  }
}
