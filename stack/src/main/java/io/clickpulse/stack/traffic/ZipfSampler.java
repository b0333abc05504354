package io.clickpulse.stack.traffic;

import java.util.random.RandomGenerator;

/**
 * Ranks {@code 1..n} with probability proportional to {@code rank^-exponent}, drawn by
 * rejection-inversion (Hörmann and Derflinger, "Rejection-inversion to generate variates from
 * monotone discrete distributions", 1996; the method of Apache Commons' Zipf sampler): constant
 * time and memory per draw, so a million links cost no table.
 */
final class ZipfSampler {
  private final int n;
  private final double exponent;
  private final double hIntegralX1;
  private final double hIntegralN;
  private final double squeeze;
  private final double harmonic;

  ZipfSampler(int n, double exponent) {
    this.n = n;
    this.exponent = exponent;
    this.hIntegralX1 = hIntegral(1.5) - 1;
    this.hIntegralN = hIntegral(n + 0.5);
    this.squeeze = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    double sum = 0;
    for (int k = n; k >= 1; k--) { // smallest terms first, for precision
      sum += h(k);
    }
    this.harmonic = sum;
  }

  int sample(RandomGenerator random) {
    while (true) {
      double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
      double x = hIntegralInverse(u);
      int k = (int) Math.min(n, Math.max(1, (long) (x + 0.5)));
      if (k - x <= squeeze || u >= hIntegral(k + 0.5) - h(k)) {
        return k;
      }
    }
  }

  /** Probability of {@code rank}. */
  double probability(int rank) {
    return h(rank) / harmonic;
  }

  private double h(double x) {
    return Math.exp(-exponent * Math.log(x));
  }

  /** An antiderivative of h. */
  private double hIntegral(double x) {
    double logX = Math.log(x);
    return expm1OverX((1 - exponent) * logX) * logX;
  }

  private double hIntegralInverse(double x) {
    double t = Math.max(-1, x * (1 - exponent));
    return Math.exp(log1pOverX(t) * x);
  }

  /** log(1 + x) / x, also near 0. */
  private static double log1pOverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1 / 3.0 - 0.25 * x));
  }

  /** (e^x - 1) / x, also near 0. */
  private static double expm1OverX(double x) {
    return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
  }
}
