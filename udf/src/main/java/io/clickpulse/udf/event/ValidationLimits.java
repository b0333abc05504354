package io.clickpulse.udf.event;

import java.time.Duration;

/**
 * Bounds a record must respect to be accepted.
 *
 * @param maxRecordBytes records larger than this are rejected as oversized
 * @param maxEventAge how far event_time may lie before the Kafka record's timestamp
 * @param maxFutureSkew how far event_time may lie after it (client clocks drift)
 */
public record ValidationLimits(int maxRecordBytes, Duration maxEventAge, Duration maxFutureSkew)
    implements java.io.Serializable {
  public static final ValidationLimits DEFAULTS =
      new ValidationLimits(32 * 1024, Duration.ofDays(7), Duration.ofMinutes(5));

  public ValidationLimits {
    if (maxRecordBytes < 1024) {
      throw new IllegalArgumentException(
          "maxRecordBytes must be at least 1024, was " + maxRecordBytes);
    }
    if (maxEventAge.isNegative() || maxEventAge.isZero()) {
      throw new IllegalArgumentException("maxEventAge must be positive, was " + maxEventAge);
    }
    if (maxFutureSkew.isNegative()) {
      throw new IllegalArgumentException(
          "maxFutureSkew must not be negative, was " + maxFutureSkew);
    }
  }
}
