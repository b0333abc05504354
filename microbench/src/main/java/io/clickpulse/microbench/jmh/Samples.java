package io.clickpulse.microbench.jmh;

/** How many distinct inputs a benchmark cycles through: enough to defeat branch memorization. */
final class Samples {
  static final int SIZE = 1024;
  static final int MASK = SIZE - 1;

  private Samples() {}
}
