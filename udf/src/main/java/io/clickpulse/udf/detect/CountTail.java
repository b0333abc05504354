package io.clickpulse.udf.detect;

/**
 * Tail probabilities of a count under a baseline: how likely a minute (or a few minutes) with at
 * least, or at most, this many clicks is when the subject usually gets {@code mean} clicks with
 * {@code variance}. Poisson when the variance is no larger than the mean (clicks arriving
 * independently), negative binomial with the same mean and variance when traffic is overdispersed
 * (bursty, seasonal). Computed through the regularized incomplete gamma and beta functions, so
 * counts from 0 to millions cost a few hundred iterations at most and never sum terms one by one.
 * Plain Java, no dependencies.
 */
public final class CountTail {
  private static final double EPS = 1e-15;
  private static final double TINY = 1e-300;
  private static final int MAX_ITERATIONS = 100_000;

  private CountTail() {}

  /** P(X >= k) for X ~ Poisson(mean). */
  public static double poissonUpper(long k, double mean) {
    if (k <= 0) {
      return 1;
    }
    if (mean <= 0) {
      return 0;
    }
    return regularizedGammaP(k, mean);
  }

  /** P(X <= k) for X ~ Poisson(mean). */
  public static double poissonLower(long k, double mean) {
    if (k < 0) {
      return 0;
    }
    if (mean <= 0) {
      return 1;
    }
    return regularizedGammaQ(k + 1.0, mean);
  }

  /**
   * P(X >= k) for a count with this mean and variance: Poisson if {@code variance <= mean}, else
   * negative binomial with r = mean² / (variance - mean).
   */
  public static double upper(long k, double mean, double variance) {
    if (k <= 0) {
      return 1;
    }
    if (mean <= 0) {
      return 0;
    }
    if (variance <= mean) {
      return poissonUpper(k, mean);
    }
    double r = mean * mean / (variance - mean);
    double p = r / (r + mean);
    // P(X >= k) = I_{1-p}(k, r)
    return regularizedBeta(1 - p, k, r);
  }

  /** P(X <= k) for a count with this mean and variance (see {@link #upper}). */
  public static double lower(long k, double mean, double variance) {
    if (k < 0) {
      return 0;
    }
    if (mean <= 0) {
      return 1;
    }
    if (variance <= mean) {
      return poissonLower(k, mean);
    }
    double r = mean * mean / (variance - mean);
    double p = r / (r + mean);
    // P(X <= k) = I_p(r, k + 1)
    return regularizedBeta(p, r, k + 1.0);
  }

  /** ln Γ(x) for x > 0 (Lanczos, g = 7, 9 terms: about 15 significant digits). */
  public static double logGamma(double x) {
    if (x < 0.5) {
      // Reflection keeps the approximation in its accurate range.
      return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
    }
    x -= 1;
    double a = LANCZOS[0];
    double t = x + 7.5;
    for (int i = 1; i < LANCZOS.length; i++) {
      a += LANCZOS[i] / (x + i);
    }
    return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
  }

  private static final double[] LANCZOS = {
    0.99999999999980993,
    676.5203681218851,
    -1259.1392167224028,
    771.32342877765313,
    -176.61502916214059,
    12.507343278686905,
    -0.13857109526572012,
    9.9843695780195716e-6,
    1.5056327351493116e-7
  };

  /** P(a, x) = γ(a, x) / Γ(a), the regularized lower incomplete gamma function. */
  static double regularizedGammaP(double a, double x) {
    if (x <= 0) {
      return 0;
    }
    return x < a + 1 ? gammaSeries(a, x) : 1 - gammaFraction(a, x);
  }

  /** Q(a, x) = 1 - P(a, x), computed directly so that small upper tails keep their digits. */
  static double regularizedGammaQ(double a, double x) {
    if (x <= 0) {
      return 1;
    }
    return x < a + 1 ? 1 - gammaSeries(a, x) : gammaFraction(a, x);
  }

  private static double gammaSeries(double a, double x) {
    double sum = 1 / a;
    double term = sum;
    for (int n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * sum;
  }

  /** Q(a, x) by Lentz's continued fraction (x >= a + 1). */
  private static double gammaFraction(double a, double x) {
    double b = x + 1 - a;
    double c = 1 / TINY;
    double d = 1 / b;
    double h = d;
    for (int i = 1; i < MAX_ITERATIONS; i++) {
      double an = -i * (i - a);
      b += 2;
      d = an * d + b;
      d = Math.abs(d) < TINY ? TINY : d;
      c = b + an / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
  }

  /** I_x(a, b), the regularized incomplete beta function. */
  static double regularizedBeta(double x, double a, double b) {
    if (x <= 0) {
      return 0;
    }
    if (x >= 1) {
      return 1;
    }
    double logFront =
        logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
    // The continued fraction converges fast on the side of the mean; use the symmetry
    // I_x(a, b) = 1 - I_{1-x}(b, a) on the other, computing the small tail directly.
    if (x < (a + 1) / (a + b + 2)) {
      return Math.exp(logFront) * betaFraction(x, a, b) / a;
    }
    return 1 - Math.exp(logFront) * betaFraction(1 - x, b, a) / b;
  }

  private static double betaFraction(double x, double a, double b) {
    double qab = a + b;
    double qap = a + 1;
    double qam = a - 1;
    double c = 1;
    double d = 1 - qab * x / qap;
    d = Math.abs(d) < TINY ? TINY : d;
    d = 1 / d;
    double h = d;
    for (int m = 1; m < MAX_ITERATIONS; m++) {
      int m2 = 2 * m;
      double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + aa / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      h *= d * c;
      aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
      d = 1 + aa * d;
      d = Math.abs(d) < TINY ? TINY : d;
      c = 1 + aa / c;
      c = Math.abs(c) < TINY ? TINY : c;
      d = 1 / d;
      double delta = d * c;
      h *= delta;
      if (Math.abs(delta - 1) < EPS) {
        break;
      }
    }
    return h;
  }
}
