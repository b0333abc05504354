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

  /** The record of one HTTP attempt; {@code outcome} may be filled in later. */
  static DeliveryAttempt of(
      Notification n, int attempt, long now, HttpDelivery.Result r, String outcome) {
    return of(n.webhookId, n.subject(), n.destination, attempt, now, r, outcome);
  }

  static DeliveryAttempt of(
      String webhookId,
      String alertId,
      String destination,
      int attempt,
      long now,
      HttpDelivery.Result r,
      String outcome) {
    DeliveryAttempt a = new DeliveryAttempt();
    a.webhookId = webhookId;
    a.alertId = alertId;
    a.destination = destination;
    a.attempt = attempt;
    a.attemptedAt = now;
    a.httpStatus = Math.max(0, r.status());
    a.latencyMillis = r.latencyMillis();
    a.error = r.error();
    a.outcome = outcome;
    return a;
  }
}
