package io.clickpulse.reliability;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for conditions, bounded; and for the real durations a scenario's disturbance lasts. */
final class Await {
  private static final Duration POLL = Duration.ofMillis(250);

  private Await() {}

  /** Waits until {@code condition} holds; fails with {@code state} (how far it got) on timeout. */
  static void until(
      String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "Timed out after " + timeout + " waiting for " + what + "; now: " + state.get());
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
  }

  /** A disturbance that lasts: an outage of this length is what the scenario is about. */
  static void pause(Duration duration) {
    long until = System.nanoTime() + duration.toNanos();
    while (System.nanoTime() < until) {
      LockSupport.parkNanos(until - System.nanoTime());
    }
  }

  /** A condition that cannot be checked right now (a restarting engine) does not hold yet. */
  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (IllegalStateException notReachableYet) {
      return false;
    }
  }
}
