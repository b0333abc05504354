package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.metrics.CountByKey;
import java.util.List;

/**
 * Counts delivery attempts by outcome ({@code delivery_attempts_delivered}, {@code _retry}, {@code
 * _failed}, {@code _gone}, {@code _dead_letter}) on their way to {@code alert_deliveries}: what the
 * "delivery failing" health rule in docker/prometheus watches.
 */
public class CountAttempts extends CountByKey<DeliveryAttempt> {
  public static final String PREFIX = "delivery_attempts_";

  public CountAttempts() {
    super(
        PREFIX,
        List.of("delivered", "retry", "failed", "gone", "dead_letter"),
        attempt -> attempt.outcome == null ? "unknown" : attempt.outcome);
  }
}
