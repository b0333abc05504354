package io.clickpulse.evaluate.nab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class NabReportTest {

  private static final Instant T0 = Instant.parse("2015-02-26T21:42:53Z");

  /** A detector alerting at the first row of every window of every series it is given. */
  private static Detector atWindowStarts(List<NabSeries> series) {
    return (start, counts) ->
        series.stream()
            .filter(s -> s.start().equals(start) && Arrays.equals(s.countsPerMinute(), counts))
            .findFirst()
            .orElseThrow()
            .windows()
            .stream()
            .map(NabWindow::start)
            .toList();
  }

  /** Alerts at each minute with more clicks than {@code limit}: reads the counts it is given. */
  private static Detector above(long limit) {
    return (start, counts) -> {
      List<Instant> alerts = new ArrayList<>();
      for (int m = 0; m < counts.length; m++) {
        if (counts[m] > limit) {
          alerts.add(start.plus(Duration.ofMinutes(m)));
        }
      }
      return alerts;
    };
  }

  private static Instant row(int i) {
    return T0.plus(Duration.ofMinutes(5L * i));
  }

  /**
   * 4032 rows (two weeks; probation floor(0.15 * 4032) = 604 rows) of 10 clicks per 5 minutes, with
   * bursts of 500 at the given rows, and windows at rows 1000..1287 and 3000..3287.
   */
  private static NabSeries series(String name, int... burstRows) {
    int n = 4032;
    List<Instant> rows = new ArrayList<>();
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      rows.add(row(i));
      counts[i] = 10;
    }
    for (int r : burstRows) {
      counts[r] = 500;
    }
    List<NabWindow> windows =
        List.of(new NabWindow(row(1000), row(1287)), new NabWindow(row(3000), row(3287)));
    return new NabSeries(name, rows, counts, windows);
  }

  @Test
  void alertingAtEachWindowStartScoresHundred() {
    List<NabSeries> all = List.of(series("a"), series("b"));
    NabReport report = NabReport.run(all, atWindowStarts(all), NabScorer.standard());
    assertEquals(100.0, report.normalizedScore(), 1e-9);
    assertEquals(4, report.windowsDetected());
    assertEquals(0, report.alertsOutsideWindows());
    assertTrue(report.targetsMet());
    for (NabReport.SeriesResult s : report.series()) {
      assertEquals(100.0, s.normalizedScore(), 1e-9);
    }
  }

  @Test
  void aDetectorThatNeverAlertsScoresZeroAndMissesTheTargets() {
    List<NabSeries> all = List.of(series("a"));
    NabReport report = NabReport.run(all, (start, counts) -> List.of(), NabScorer.standard());
    assertEquals(0.0, report.normalizedScore());
    assertEquals(0, report.windowsDetected());
    assertFalse(report.targetsMet());
    assertTrue(report.format().contains("- every labelled window detected: 0/2, MISSED"));
  }

  @Test
  void replaysTheCountsMinuteByMinuteAndCountsAlertsOutsideTheWindows() {
    // Bursts: in probation (row 100), at window 1's 3rd row, outside (row 2000), at window 2's
    // start. Each burst of 500 becomes 5 minutes of 100 clicks: 5 alerts per burst row.
    List<NabSeries> all = List.of(series("bursts", 100, 1002, 2000, 3000));
    NabReport report = NabReport.run(all, above(50), NabScorer.standard());
    NabReport.SeriesResult s = report.series().get(0);
    assertEquals(20, s.alerts().size());
    assertEquals(5, s.alertsInProbation());
    assertEquals(5, s.alertsOutsideWindows());
    assertEquals(1, s.score().falsePositiveRows());
    assertEquals(List.of(row(1002), row(3000)), firstDetections(s));
    // 4032 - 604 scored rows of 5 minutes.
    double weeks = (4032 - 604) * 5 / (7 * 24 * 60.0);
    assertEquals(5 / weeks, s.alertsOutsidePerWeek(), 1e-12);
    // NAB: window 1 detected at its 3rd of 288 rows, window 2 at its first, the false positive
    // weighted by window 1 before it (|2000 - 1287| / (288 - 1) widths after it); normalised
    // against null -2 and perfect 2.
    double raw =
        NabScorer.scaledSigmoid(-286 / 288.0) / NabScorer.scaledSigmoid(-1.0)
            + 1.0
            + 0.11 * NabScorer.scaledSigmoid((2000 - 1287) / 287.0);
    assertEquals(raw, s.score().raw(), 1e-12);
    assertEquals(100 * (raw + 2) / 4, report.normalizedScore(), 1e-9);
  }

  @Test
  void formatsOneLinePerSeriesAndPerWindowAndTheTargets() {
    List<NabSeries> all = List.of(series("bursts", 1002, 2000, 3000));
    String text = NabReport.run(all, above(50), NabScorer.standard()).format();
    // 5 alerts outside over (4032 - 604) * 5 minutes = 1.70 weeks: 2.94 per week; the score is
    // the one derived in the test above, 97.2.
    assertTrue(text.contains("| bursts | 2 | 2 | 15 | 0 | 5 | 2.94 | 97.2 |"), text);
    assertTrue(text.contains("| total | 2 | 2 | 15 | 0 | 5 | 2.94 | 97.2 |"), text);
    // Window 1 is rows 1000..1287 (T0 + 5000 min); its first alert is row 1002, 10 minutes in.
    assertTrue(
        text.contains(
            "| bursts | 2015-03-02 09:02 .. 2015-03-03 08:57 | 2015-03-02 09:12 | 0.2 h | 1.000 |"),
        text);
    assertTrue(text.contains("- every labelled window detected: 2/2, met"), text);
    assertTrue(text.contains("worst 2.94 (bursts), MISSED"), text);
    assertTrue(text.contains("- NAB standard score above 70: 97.2, met"), text);
  }

  /** The five shared series: a detector at each window's start scores 100 on every one. */
  @Test
  void perfectDetectorOnTheSharedSeriesScoresHundred() {
    Optional<Path> data = NabSeries.locateDataDir();
    assumeTrue(data.isPresent(), "shared/data/nab-tweets is not next to this checkout");
    List<NabSeries> all = NabSeries.readAll(data.get());
    NabReport report = NabReport.run(all, atWindowStarts(all), NabScorer.standard());
    assertEquals(16, report.windows());
    assertEquals(16, report.windowsDetected());
    assertEquals(100.0, report.normalizedScore(), 1e-9);
    assertEquals(
        List.of(100.0, 100.0, 100.0, 100.0, 100.0),
        report.series().stream().map(s -> Math.rint(s.normalizedScore() * 1e9) / 1e9).toList());
    assertEquals(
        0.0,
        NabReport.run(all, (start, counts) -> List.of(), NabScorer.standard()).normalizedScore());
  }

  private static List<Instant> firstDetections(NabReport.SeriesResult s) {
    return s.score().windows().stream().map(NabScorer.WindowResult::firstDetection).toList();
  }
}
