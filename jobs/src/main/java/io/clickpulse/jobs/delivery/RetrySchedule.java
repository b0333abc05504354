package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * When to try again, and whether to. The n-th retry waits the n-th delay of the schedule, spread by
 * a random jitter so that many failed deliveries do not retry in lockstep; a receiver's Retry-After
 * is honoured when it asks for longer, up to {@code retry.max-wait}: a receiver asking for more (a
 * huge number, a date far ahead) has the notification dead-lettered instead of parked for ever.
 * Plain Java.
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

  /** The default of {@code retry.max-wait}: the longest Retry-After honoured. */
  public static final Duration DEFAULT_MAX_WAIT = Duration.ofHours(1);

  /** What to do after a failed attempt: wait, or give up for the reason given. */
  public record Next(Duration delay, String giveUpReason) {
    static Next retryAfter(Duration wait) {
      return new Next(wait, null);
    }

    static Next giveUp(String reason) {
      return new Next(null, reason);
    }

    public boolean retry() {
      return delay != null;
    }
  }

  private final List<Duration> delays;
  private final double jitter;
  private final Duration maxWait;

  /**
   * @param delays the waits before retry 1, 2, ...; their count is the number of retries
   * @param jitter the fraction (0 to 1) by which each wait varies at random
   */
  public RetrySchedule(List<Duration> delays, double jitter) {
    this(delays, jitter, DEFAULT_MAX_WAIT);
  }

  /**
   * @param maxWait the longest wait a Retry-After may impose; asking for more gives up
   */
  public RetrySchedule(List<Duration> delays, double jitter, Duration maxWait) {
    if (maxWait.isNegative()) {
      throw new IllegalArgumentException("retry.max-wait must not be negative, was " + maxWait);
    }
    this.maxWait = maxWait;
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
   * The wait after failed attempt {@code attempt} (1-based), or null when it was the last or the
   * receiver asked to wait longer than {@code retry.max-wait}.
   *
   * @param random a value in [0, 1) for the jitter
   * @param retryAfter the receiver's Retry-After, or null
   */
  public Duration next(int attempt, double random, Duration retryAfter) {
    return decide(attempt, random, retryAfter).delay();
  }

  /**
   * After failed attempt {@code attempt} (1-based): the wait, or why to give up (that was the last
   * attempt, or the receiver's Retry-After exceeds {@code retry.max-wait}).
   *
   * @param random a value in [0, 1) for the jitter
   * @param retryAfter the receiver's Retry-After, or null; any size (compared, never overflowed)
   */
  public Next decide(int attempt, double random, Duration retryAfter) {
    if (attempt >= maxAttempts()) {
      return Next.giveUp("gave up after " + attempt + " attempts");
    }
    if (retryAfter != null && retryAfter.compareTo(maxWait) > 0) {
      return Next.giveUp(
          "receiver asked to retry after "
              + describe(retryAfter)
              + ", beyond retry.max-wait ("
              + describe(maxWait)
              + ")");
    }
    long base = delays.get(attempt - 1).toMillis();
    long jittered = Math.round(base * (1 - jitter + 2 * jitter * random));
    long wait =
        retryAfter == null || retryAfter.isNegative()
            ? jittered
            : Math.max(jittered, retryAfter.toMillis());
    return Next.retryAfter(Duration.ofMillis(wait));
  }

  private static String describe(Duration d) {
    return d.getSeconds() + " s";
  }
}
