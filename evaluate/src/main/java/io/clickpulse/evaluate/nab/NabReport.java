package io.clickpulse.evaluate.nab;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The NAB tweets series replayed through a {@link Detector}, each as the clicks of one link, and
 * scored as NAB does: per series the labelled windows, those detected, the alerts outside every
 * window (in total and per series-week) and the NAB score, then the totals with NAB's corpus score
 * (raw, null and perfect scores summed over the series before normalising, as {@code nab/runner.py}
 * does).
 *
 * <p>Alerts in a series' probationary period (its first 750 rows, 62.5 hours) are counted apart and
 * not held against it, as NAB ignores them; "per series-week" divides the alerts outside the
 * windows by the weeks after the probationary period.
 */
public final class NabReport {

  /** Issue #16's targets: at most this many alerts outside the windows per series-week. */
  public static final double TARGET_OUTSIDE_PER_WEEK = 1.0;

  /** Issue #16's targets: a NAB standard-profile score above this. */
  public static final double TARGET_SCORE = 70.0;

  private static final double DAYS_PER_WEEK = 7.0;

  private static final DateTimeFormatter MINUTE =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** One series' outcome: the detector's alerts and their NAB score. */
  public record SeriesResult(String name, List<Instant> alerts, NabScorer.Score score) {
    public SeriesResult {
      alerts = List.copyOf(alerts);
    }

    public int windows() {
      return score.windows().size();
    }

    public int windowsDetected() {
      return score.windowsDetected();
    }

    public int alertsOutsideWindows() {
      return score.detectionsOutsideWindows();
    }

    public int alertsInProbation() {
      return score.detectionsInProbation();
    }

    /** The weeks NAB scores: the rows after the probationary period. */
    public double scoredWeeks() {
      return weeks(NabSeries.ROW_STEP.multipliedBy(score.scoredRows()));
    }

    public double alertsOutsidePerWeek() {
      return alertsOutsideWindows() / scoredWeeks();
    }

    public double normalizedScore() {
      return score.normalized();
    }
  }

  private final String profile;
  private final List<SeriesResult> series;

  private NabReport(String profile, List<SeriesResult> series) {
    this.profile = profile;
    this.series = List.copyOf(series);
  }

  /** Every series in {@code dataDir} (as listed in its windows.json), standard profile. */
  public static NabReport run(Path dataDir, Detector detector) {
    return run(NabSeries.readAll(dataDir), detector, NabScorer.standard());
  }

  /** Replays each series through {@code detector} and scores its alerts with {@code scorer}. */
  public static NabReport run(List<NabSeries> series, Detector detector, NabScorer scorer) {
    Objects.requireNonNull(detector, "detector");
    List<SeriesResult> results = new ArrayList<>();
    for (NabSeries s : series) {
      List<Instant> alerts = detector.alerts(s.start(), s.countsPerMinute());
      results.add(
          new SeriesResult(s.name(), alerts, scorer.score(s.rowTimestamps(), s.windows(), alerts)));
    }
    return new NabReport(scorer.profile().name(), results);
  }

  public List<SeriesResult> series() {
    return series;
  }

  public int windows() {
    return series.stream().mapToInt(SeriesResult::windows).sum();
  }

  public int windowsDetected() {
    return series.stream().mapToInt(SeriesResult::windowsDetected).sum();
  }

  public int alertsOutsideWindows() {
    return series.stream().mapToInt(SeriesResult::alertsOutsideWindows).sum();
  }

  public double scoredWeeks() {
    return series.stream().mapToDouble(SeriesResult::scoredWeeks).sum();
  }

  /** The worst series' alerts outside the windows per week (the target is per series-week). */
  public double worstAlertsOutsidePerWeek() {
    return series.stream().mapToDouble(SeriesResult::alertsOutsidePerWeek).max().orElse(0);
  }

  /** NAB's corpus score: summed raw, null and perfect scores, then normalised. */
  public double normalizedScore() {
    double raw = series.stream().mapToDouble(s -> s.score().raw()).sum();
    double none = series.stream().mapToDouble(s -> s.score().nullScore()).sum();
    double perfect = series.stream().mapToDouble(s -> s.score().perfect()).sum();
    return NabScorer.normalize(raw, none, perfect);
  }

  public boolean everyWindowDetected() {
    return windowsDetected() == windows();
  }

  public boolean targetsMet() {
    return everyWindowDetected()
        && worstAlertsOutsidePerWeek() <= TARGET_OUTSIDE_PER_WEEK
        && normalizedScore() > TARGET_SCORE;
  }

  /** The report as Markdown tables: per series, per window, and the targets. */
  public String format() {
    StringBuilder out = new StringBuilder();
    out.append("NAB realTweets, ").append(profile).append(" profile\n\n");
    out.append(
        "| series | windows | detected | alerts | in probation | outside windows"
            + " | outside per series-week | NAB score |\n");
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (SeriesResult s : series) {
      out.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %d | %.2f | %.1f |%n",
              s.name(),
              s.windows(),
              s.windowsDetected(),
              s.alerts().size(),
              s.alertsInProbation(),
              s.alertsOutsideWindows(),
              s.alertsOutsidePerWeek(),
              s.normalizedScore()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "| total | %d | %d | %d | %d | %d | %.2f | %.1f |%n",
            windows(),
            windowsDetected(),
            series.stream().mapToInt(s -> s.alerts().size()).sum(),
            series.stream().mapToInt(SeriesResult::alertsInProbation).sum(),
            alertsOutsideWindows(),
            alertsOutsideWindows() / scoredWeeks(),
            normalizedScore()));

    out.append("\n| series | window (UTC) | first alert | into the window | adds |\n");
    out.append("|---|---|---|---:|---:|\n");
    for (SeriesResult s : series) {
      for (NabScorer.WindowResult w : s.score().windows()) {
        String first = w.detected() ? MINUTE.format(w.firstDetection()) : "missed";
        String into =
            w.detected()
                ? String.format(
                    Locale.ROOT, "%.1f h", hours(w.window().start(), w.firstDetection()))
                : "";
        out.append(
            String.format(
                Locale.ROOT,
                "| %s | %s .. %s | %s | %s | %.3f |%n",
                s.name(),
                MINUTE.format(w.window().start()),
                MINUTE.format(w.window().end()),
                first,
                into,
                w.score()));
      }
    }

    SeriesResult worst =
        series.stream()
            .max(Comparator.comparingDouble(SeriesResult::alertsOutsidePerWeek))
            .orElse(null);
    out.append("\nTargets (issue #16):\n");
    out.append(
        String.format(
            Locale.ROOT,
            "- every labelled window detected: %d/%d, %s%n",
            windowsDetected(),
            windows(),
            metOrMissed(everyWindowDetected())));
    out.append(
        String.format(
            Locale.ROOT,
            "- at most %.0f alert outside the windows per series-week: worst %.2f%s, %s%n",
            TARGET_OUTSIDE_PER_WEEK,
            worstAlertsOutsidePerWeek(),
            worst == null ? "" : " (" + worst.name() + ")",
            metOrMissed(worstAlertsOutsidePerWeek() <= TARGET_OUTSIDE_PER_WEEK)));
    out.append(
        String.format(
            Locale.ROOT,
            "- NAB %s score above %.0f: %.1f, %s%n",
            profile,
            TARGET_SCORE,
            normalizedScore(),
            metOrMissed(normalizedScore() > TARGET_SCORE)));
    return out.toString();
  }

  private static String metOrMissed(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static double hours(Instant from, Instant to) {
    return Duration.between(from, to).toSeconds() / 3600.0;
  }

  private static double weeks(Duration d) {
    return d.toSeconds() / (DAYS_PER_WEEK * 24 * 3600);
  }
}
