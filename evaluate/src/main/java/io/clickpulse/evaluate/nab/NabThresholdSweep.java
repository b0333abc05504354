package io.clickpulse.evaluate.nab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's threshold sweep ({@code nab/sweeper.py} {@code prepAnomalyListForScoring}, {@code
 * _prepareScoreByThresholdParts} and {@code calcScoreByThreshold}), ported line for line: the raw
 * score and row counts at every threshold of a continuous anomaly score. ClickPulse's alerts are
 * binary, so {@link NabScorer#scoreRows} scores them directly; this port is what the tests check
 * that shortcut against, and what a detector with a continuous score would be scored with.
 */
public final class NabThresholdSweep {
  private NabThresholdSweep() {}

  /** The name NAB gives the rows of the probationary period. */
  public static final String PROBATIONARY = "probationary";

  /**
   * A row: its anomaly score, what detecting it adds, and its window's name ({@code null} outside
   * every window, {@link #PROBATIONARY} in the probationary period).
   */
  public record AnomalyPoint(
      long timestamp, double anomalyScore, double sweepScore, String window) {}

  /** The raw score and NAB's row counts when rows with anomaly score >= threshold are detected. */
  public record ThresholdScore(
      double threshold, double score, int tp, int tn, int fp, int fn, int total) {}

  /** Sorted by anomaly score, highest first (ties keep their order), probationary rows dropped. */
  public static List<AnomalyPoint> prepareForScoring(List<AnomalyPoint> points) {
    List<AnomalyPoint> scorable = new ArrayList<>();
    for (AnomalyPoint p : points) {
      if (!PROBATIONARY.equals(p.window())) {
        scorable.add(p);
      }
    }
    scorable.sort(Comparator.comparingDouble(AnomalyPoint::anomalyScore).reversed());
    return scorable;
  }

  /** One part per window, each starting as a miss ({@code -fnWeight}), and one for all fp. */
  static Map<String, Double> scoreParts(List<AnomalyPoint> points, double fnWeight) {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("fp", 0.0);
    for (AnomalyPoint p : points) {
      if (p.window() != null && !PROBATIONARY.equals(p.window())) {
        parts.put(p.window(), -fnWeight);
      }
    }
    return parts;
  }

  /** One {@link ThresholdScore} per distinct anomaly score, from above 1.0 (nothing detected). */
  public static List<ThresholdScore> scoreByThreshold(List<AnomalyPoint> points, double fnWeight) {
    List<AnomalyPoint> scorable = prepareForScoring(points);
    Map<String, Double> parts = scoreParts(scorable, fnWeight);
    List<ThresholdScore> scores = new ArrayList<>();
    double threshold = 1.1;
    int tn = (int) scorable.stream().filter(p -> p.window() == null).count();
    int fn = scorable.size() - tn;
    int tp = 0;
    int fp = 0;
    for (AnomalyPoint p : scorable) {
      if (p.anomalyScore() != threshold) {
        scores.add(new ThresholdScore(threshold, sum(parts), tp, tn, fp, fn, tp + tn + fp + fn));
        threshold = p.anomalyScore();
      }
      if (p.window() != null) {
        tp++;
        fn--;
        parts.put(p.window(), Math.max(parts.get(p.window()), p.sweepScore()));
      } else {
        fp++;
        tn--;
        parts.put("fp", parts.get("fp") + p.sweepScore());
      }
    }
    scores.add(new ThresholdScore(threshold, sum(parts), tp, tn, fp, fn, tp + tn + fp + fn));
    return scores;
  }

  /**
   * NAB's {@code scoreDataSet} pick: the score at {@code threshold}, or at the lowest swept
   * threshold above it; null when every swept threshold is above it (as NAB's returns None).
   */
  public static ThresholdScore atThreshold(List<ThresholdScore> scores, double threshold) {
    ThresholdScore previous = null;
    for (ThresholdScore s : scores) {
      if (s.threshold() == threshold) {
        return s;
      } else if (s.threshold() < threshold) {
        return previous;
      }
      previous = s;
    }
    return null;
  }

  private static double sum(Map<String, Double> parts) {
    double sum = 0;
    for (double v : parts.values()) {
      sum += v;
    }
    return sum;
  }
}
