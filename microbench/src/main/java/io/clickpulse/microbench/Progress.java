package io.clickpulse.microbench;

import java.time.Duration;

/** Progress lines with the time since the run started, so a long run shows where it is. */
public final class Progress {
  private static final long START = System.nanoTime();

  private Progress() {}

  public static void say(String format, Object... args) {
    Duration elapsed = Duration.ofNanos(System.nanoTime() - START);
    System.out.printf(
        "[%02d:%02d] %s%n",
        elapsed.toMinutes(), elapsed.toSecondsPart(), String.format(format, args));
  }
}
