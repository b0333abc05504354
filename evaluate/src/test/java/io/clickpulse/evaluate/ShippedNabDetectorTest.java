package io.clickpulse.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.AlertRules;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShippedNabDetectorTest {
  private static final Instant START = Instant.parse("2026-03-02T00:00:00Z");

  @Test
  void aTenfoldBurstOnASteadySeriesIsDetectedWhenItsSecondMinuteCloses() {
    // 10 clicks a minute for 3 hours, 100 a minute for minutes 120-124.
    long[] counts = new long[180];
    Arrays.fill(counts, 10);
    Arrays.fill(counts, 120, 125, 100);

    List<Instant> alerts =
        new ShippedNabDetector(new ShippedEpisodes(AlertRules.bundled())).alerts(START, counts);

    assertEquals(1, alerts.size(), alerts.toString());
    Instant burst = START.plusSeconds(120 * 60);
    assertTrue(
        !alerts.get(0).isBefore(burst) && alerts.get(0).isBefore(burst.plusSeconds(3 * 60)),
        "within the burst's first three minutes: " + alerts);
  }

  @Test
  void aSteadySeriesHasNoAlert() {
    long[] counts = new long[24 * 60];
    Arrays.fill(counts, 10);

    assertEquals(
        List.of(),
        new ShippedNabDetector(new ShippedEpisodes(AlertRules.bundled())).alerts(START, counts));
  }
}
