package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #19: whatever a receiver puts in Retry-After, delivery either waits a bounded time or
 * dead-letters the notification; it never overflows or parks it for ever.
 */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

  /** Delays 2 s and 10 s, no jitter, Retry-After honoured up to 1 min. */
  private static final RetrySchedule SCHEDULE =
      new RetrySchedule(
          List.of(Duration.ofSeconds(2), Duration.ofSeconds(10)), 0, Duration.ofMinutes(1));

  /** Header value -> wait in ms after attempt 1, or "dead" with the start of the reason. */
  @ParameterizedTest(name = "Retry-After ''{0}'' -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // delay-seconds
        "30                                   | 30000 |",
        "' 45 '                               | 45000 |",
        "0                                    | 2000  |",
        "1                                    | 2000  |", // the schedule's delay is longer
        "60                                   | 60000 |", // exactly retry.max-wait
        "61                                   | dead  | receiver asked to retry after 61 s, beyond retry.max-wait (60 s)",
        "9223372036854775807                  | dead  | receiver asked to retry after 9223372036854775807 s",
        "99999999999999999999999999           | dead  | receiver asked to retry after 9223372036854775807 s",
        // not allowed by RFC 9110: ignored, the schedule applies
        "-5                                   | 2000  |",
        "1.5                                  | 2000  |",
        "soon                                 | 2000  |",
        "''                                   | 2000  |",
        // HTTP dates
        "'Sat, 05 Dec 2026 10:00:40 GMT'      | 40000 |",
        "'Sat, 05 Dec 2026 09:00:00 GMT'      | 2000  |", // in the past: now
        "'Thu, 01 Jan 1970 00:00:00 GMT'      | 2000  |",
        "'Sat, 05 Dec 2026 11:00:00 GMT'      | dead  | receiver asked to retry after 3600 s, beyond retry.max-wait (60 s)",
        "'Fri, 31 Dec 9999 23:59:59 GMT'      | dead  | receiver asked to retry after ",
        "'Sat, 05 Dec 2026 10:00:40'          | 2000  |", // no zone: unreadable
      })
  void aReceiversRetryAfterIsHonouredClampedOrDeadLettered(
      String header, String expected, String reason) {
    Duration retryAfter = HttpDelivery.retryAfter(header, NOW);
    RetrySchedule.Next next = SCHEDULE.decide(1, 0.5, retryAfter);
    if ("dead".equals(expected)) {
      assertEquals(null, next.delay(), "dead-lettered, not retried");
      assertEquals(true, next.giveUpReason().startsWith(reason), next.giveUpReason());
    } else {
      assertEquals(Duration.ofMillis(Long.parseLong(expected)), next.delay());
      assertEquals(null, next.giveUpReason());
    }
  }

  @ParameterizedTest(name = "after attempt {0} -> {1}")
  @CsvSource({"1, 2000", "2, 10000", "3, dead"})
  void afterTheLastAttemptItGivesUpWhateverTheReceiverSays(int attempt, String expected) {
    RetrySchedule.Next next = SCHEDULE.decide(attempt, 0.5, Duration.ofSeconds(1));
    if ("dead".equals(expected)) {
      assertEquals("gave up after 3 attempts", next.giveUpReason());
    } else {
      assertEquals(Duration.ofMillis(Long.parseLong(expected)), next.delay());
    }
  }
}
