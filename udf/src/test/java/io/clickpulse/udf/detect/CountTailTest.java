package io.clickpulse.udf.detect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values from SciPy 1.17 (poisson.sf/cdf, nbinom.sf/cdf with r = mean²/(var - mean)). */
class CountTailTest {
  @ParameterizedTest(name = "P(X >= {0} | Poisson({1})) = {2}")
  @CsvSource({
    "0, 1, 1.0",
    "1, 1, 0.6321205588285577",
    "10, 1, 1.1142547833872071e-07",
    "4, 1, 0.01898815687615381",
    "5, 5, 0.5595067149347879",
    "12, 3, 7.138662897420658e-05",
    "0, 0.5, 1.0",
    "30, 10, 2.509951201527959e-07",
    "1100, 1000, 0.0009626304058665587",
    "101000, 100000, 0.0007998010415545408",
    "100000, 100000, 0.5004205221103651",
    "102000, 100000, 1.463450783724922e-10",
  })
  void poissonUpperTail(long k, double mean, double expected) {
    assertClose(expected, CountTail.poissonUpper(k, mean));
    assertClose(expected, CountTail.upper(k, mean, mean), "variance = mean is Poisson");
  }

  @ParameterizedTest(name = "P(X <= {0} | Poisson({1})) = {2}")
  @CsvSource({
    "0, 1, 0.36787944117144245",
    "0, 3, 0.04978706836786395",
    "2, 3, 0.42319008112684364",
    "300, 1000, 2.367839583679147e-149",
    "0, 10, 4.539992976248486e-05",
    "99000, 100000, 0.0007742008294447384",
    "50, 100, 2.4015922356168933e-08",
  })
  void poissonLowerTail(long k, double mean, double expected) {
    assertClose(expected, CountTail.poissonLower(k, mean));
  }

  @ParameterizedTest(name = "NB(mean {1}, variance {2}): P(X >= {0}) = {3}, P(X <= {0}) = {4}")
  @CsvSource({
    "0, 2, 4, 1.0, 0.25",
    "2, 2, 4, 0.5, 0.6875",
    "30, 10, 20, 0.00053250981727615, 0.9996602258725034",
    "3000, 1000, 51000, 8.394868262466336e-10, 0.9999999991718825",
    "300, 1000, 51000, 0.9999929985239331, 7.331111721395718e-06",
    "120000, 100000, 200100000, 0.08446000510298991, 0.9155496932481038",
  })
  void negativeBinomialTails(long k, double mean, double variance, double upper, double lower) {
    assertClose(upper, CountTail.upper(k, mean, variance));
    assertClose(lower, CountTail.lower(k, mean, variance));
  }

  @ParameterizedTest(name = "no baseline (mean {0}): any click is surprising, silence is not")
  @CsvSource({"0", "-1"})
  void anEmptyBaselineMakesAnyCountImprobableAndSilenceCertain(double mean) {
    assertEquals(0, CountTail.upper(1, mean, 0));
    assertEquals(1, CountTail.upper(0, mean, 0));
    assertEquals(1, CountTail.lower(0, mean, 0));
  }

  @ParameterizedTest(name = "tails of Poisson({0}) are monotone and complementary")
  @CsvSource({"0.2", "1", "7.5", "300", "100000"})
  void tailsAreMonotoneAndComplementary(double mean) {
    long step = Math.max(1, (long) (mean / 50));
    double previous = 1;
    for (long k = 0; k < mean * 3 + 20; k += step) {
      double up = CountTail.poissonUpper(k, mean);
      assertTrue(up <= previous + 1e-12, "P(X >= " + k + ") grows");
      previous = up;
      assertEquals(1, up + CountTail.poissonLower(k - 1, mean), 1e-9, "k = " + k);
    }
  }

  private static void assertClose(double expected, double actual) {
    assertClose(expected, actual, "");
  }

  private static void assertClose(double expected, double actual, String message) {
    assertEquals(expected, actual, Math.abs(expected) * 1e-7 + 1e-300, message);
  }
}
