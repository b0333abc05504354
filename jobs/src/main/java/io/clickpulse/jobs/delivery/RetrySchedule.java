package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * When to try again, and whether to. The n-th retry waits the n-th delay of the schedule, spread by
 * a random jitter so that many failed deliveries do not retry in lockstep; a receiver's Retry-After
 * is honoured when it asks for longer. Plain Java.
 */
public final class RetrySchedule implements Serializable {
  /** What an HTTP outcome means for delivery. */
  public enum Outcome {
    DELIVERED,
    /** 408, 429, 5xx, timeouts, connection errors: try again. */
    RETRY,
    /** Any other 4xx, or refused by the outbound policy: retrying cannot help. */
    FAILED,
    /** 410: the receiver is gone; stop sending to this destination. */
    GONE
  }

  private final List<Duration> delays;
  private final double jitter;

  /**
   * @param delays the waits before retry 1, 2, ...; their count is the number of retries
   * @param jitter the fraction (0 to 1) by which each wait varies at random
   */
  public RetrySchedule(List<Duration> delays, double jitter) {
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
    }
    this.delays = List.copyOf(delays);
    this.jitter = jitter;
  }

  public static Outcome classify(int httpStatus) {
    if (httpStatus >= 200 && httpStatus < 300) {
      return Outcome.DELIVERED;
    }
    if (httpStatus == 410) {
      return Outcome.GONE;
    }
    if (httpStatus == 408 || httpStatus == 429 || httpStatus >= 500 || httpStatus == 0) {
      return Outcome.RETRY;
    }
    return Outcome.FAILED;
  }

  /** Attempts in all: the first plus one per delay. */
  public int maxAttempts() {
    return delays.size() + 1;
  }

  /**
   * The wait after failed attempt {@code attempt} (1-based), or null when it was the last.
   *
   * @param random a value in [0, 1) for the jitter
   * @param retryAfter the receiver's Retry-After, or null
   */
  public Duration next(int attempt, double random, Duration retryAfter) {
    if (attempt >= maxAttempts()) {
      return null;
    }
    long base = delays.get(attempt - 1).toMillis();
    long jittered = Math.round(base * (1 - jitter + 2 * jitter * random));
    long wait = retryAfter == null ? jittered : Math.max(jittered, retryAfter.toMillis());
    return Duration.ofMillis(wait);
  }
}
