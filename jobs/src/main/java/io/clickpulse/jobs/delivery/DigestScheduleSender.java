package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the digest schedule does outside the task: look up what was sent, and send. Both block (a
 * query, HTTP, SMTP, retries), so {@link DigestScheduleOperator} calls them off the task thread.
 */
public interface DigestScheduleSender extends Serializable {
  /** The end of the latest period recorded as sent for {@code route}, or null if none. */
  Instant lastSent(String route) throws Exception;

  /**
   * Sends the digest of {@code period} to each of {@code destinations} that has not had it yet and
   * records each send; returns whether every destination now has it.
   */
  boolean send(String route, DigestPeriod period, List<String> destinations) throws Exception;
}
