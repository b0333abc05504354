package io.clickpulse.jobs.delivery;

/** One attempt to deliver a notification: a row of {@code alert_deliveries}. */
public class DeliveryAttempt {
  public String webhookId;
  public String alertId;
  public String destination;
  public int attempt;
  public long attemptedAt;

  /** HTTP status, or 0 when no response came (timeout, connection refused, refused by policy). */
  public int httpStatus;

  /** delivered, retry, failed, gone, dead_letter. */
  public String outcome;

  public long latencyMillis;

  /** What went wrong, never containing the destination URL or secrets. */
  public String error;

  public DeliveryAttempt() {}
}
