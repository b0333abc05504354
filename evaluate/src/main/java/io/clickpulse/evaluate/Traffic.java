package io.clickpulse.evaluate;

import io.clickpulse.udf.detect.CountTail;
import java.util.SplittableRandom;

/**
 * Generated clicks per minute of one link: a daily cycle around a level, Poisson arrivals, and
 * optionally overdispersion (each minute's rate multiplied by a gamma variable of mean 1, so counts
 * are negative binomial: bursty traffic, shares, newsletters landing).
 */
final class Traffic {
  static final int DAY_MINUTES = 24 * 60;

  /** Peak and trough are the level times (1 ± amplitude). */
  final double amplitude;

  /** Shape of the per-minute gamma multiplier (variance 1 / shape); 0 for plain Poisson. */
  final double noiseShape;

  double level;
  private final int phase;
  private final SplittableRandom random;

  Traffic(double level, double amplitude, double noiseShape, SplittableRandom random) {
    this.level = level;
    this.amplitude = amplitude;
    this.noiseShape = noiseShape;
    this.random = random;
    this.phase = random.nextInt(DAY_MINUTES);
  }

  /**
   * Scales the traffic so that minute {@code m} expects {@code rate} clicks: incidents are planted
   * where the baseline is the level they are reported under.
   */
  Traffic withRateAt(int m, double rate) {
    level *= rate / rate(m);
    return this;
  }

  /** The expected clicks in minute {@code m}, before noise. */
  double rate(int m) {
    return level * (1 + amplitude * Math.sin(2 * Math.PI * (m + phase) / DAY_MINUTES));
  }

  /** A count for minute {@code m} with the rate multiplied by {@code factor}. */
  long count(int m, double factor) {
    double rate = rate(m) * factor;
    if (noiseShape > 0) {
      rate *= gamma(noiseShape) / noiseShape;
    }
    return poisson(rate);
  }

  long poisson(double mean) {
    if (mean <= 0) {
      return 0;
    }
    if (mean < 10) {
      double l = Math.exp(-mean);
      long k = 0;
      double p = random.nextDouble();
      while (p > l) {
        k++;
        p *= random.nextDouble();
      }
      return k;
    }
    return ptrs(mean);
  }

  /** Hörmann's transformed rejection (PTRS), exact for means of 10 and more. */
  private long ptrs(double lam) {
    double slam = Math.sqrt(lam);
    double loglam = Math.log(lam);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2);
    while (true) {
      double u = random.nextDouble() - 0.5;
      double v = random.nextDouble();
      double us = 0.5 - Math.abs(u);
      long k = (long) Math.floor((2 * a / us + b) * u + lam + 0.43);
      if (us >= 0.07 && v <= vr) {
        return k;
      }
      if (k < 0 || (us < 0.013 && v > us)) {
        continue;
      }
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b)
          <= -lam + k * loglam - CountTail.logGamma(k + 1.0)) {
        return k;
      }
    }
  }

  /** Gamma(shape, 1) by Marsaglia and Tsang (shape >= 1). */
  private double gamma(double shape) {
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v;
      }
    }
  }
}
