package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The overdispersion the tail tests use, learnt over the day from the baseline's errors. */
class BaselineDispersionTest {
  private static final double ALPHA = 2.0 / 61;

  /**
   * Minutes alternating between {@code low} and {@code high} for a day: the mean settles at their
   * midpoint, each minute misses it by d = (high - low) / 2, so the learnt variance is d² when that
   * exceeds the mean, and the mean (Poisson) when it does not.
   */
  @ParameterizedTest(name = "{0} and {1} in turn: test variance {2}")
  @CsvSource({
    // d = 5 around 5: 25 > 5, overdispersed.
    "0, 10, 25",
    // d = 1 around 3: 1 < 3, no more than Poisson.
    "2, 4, 3",
    // d = 50 around 100: 2500.
    "50, 150, 2500",
    // A constant count: Poisson at the mean.
    "7, 7, 7",
  })
  void learnsTheVarianceOfItsOwnErrors(long low, long high, double expected) {
    Baseline b = new Baseline();
    for (int m = 0; m < 24 * 60; m++) {
      b.update(m % 2 == 0 ? low : high, ALPHA);
    }
    // Within 10 %: the mean itself swings by about alpha · d a minute, so the errors are a little
    // larger than d.
    assertEquals(expected, b.testVariance(), 0.1 * expected);
  }

  @Test
  void aBaselineWithoutDispersionUsesTheHoursVarianceAndStartsFromIt() {
    // As restored from a checkpoint taken before the dispersion was learnt.
    Baseline b = new Baseline();
    b.mean = 100;
    b.variance = 5000;
    b.minutes = 600;
    assertEquals(5000, b.testVariance(), 1e-9);
    b.update(100, ALPHA); // an error of 0 would say Poisson if it were the only evidence
    assertEquals(5000, b.testVariance(), 0.02 * 5000, "still about the hour's variance");
  }
}
