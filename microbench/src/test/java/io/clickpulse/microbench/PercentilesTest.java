package io.clickpulse.microbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentilesTest {
  private static final double[] ONE_TO_TWENTY = new double[20];

  static {
    for (int i = 0; i < 20; i++) {
      ONE_TO_TWENTY[19 - i] = i + 1;
    }
  }

  @ParameterizedTest(name = "p{0} of 1..20 = {1}")
  @CsvSource({"50, 10", "95, 19", "100, 20", "1, 1", "96, 20"})
  void nearestRankOfUnsortedValues(double p, double expected) {
    assertEquals(expected, Percentiles.of(ONE_TO_TWENTY, p));
  }
}
