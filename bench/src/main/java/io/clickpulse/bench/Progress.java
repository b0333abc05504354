package io.clickpulse.bench;

/** Progress lines on standard output, stamped with the seconds since the run began. */
public final class Progress {
  private final long startNanos = System.nanoTime();

  public void step(String format, Object... args) {
    System.out.printf(
        "[%6.1f s] %s%n", (System.nanoTime() - startNanos) / 1e9, String.format(format, args));
    System.out.flush();
  }
}
