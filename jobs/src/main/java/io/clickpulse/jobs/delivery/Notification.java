package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/**
 * One message for one destination. Its id is the webhook-id: stable across retries and restarts.
 */
public class Notification {
  public String destination;

  /** alert id, status, and the repeat number for reminders: receivers dedup on it. */
  public String webhookId;

  public Alert alert;

  public Notification() {}

  public static Notification of(String destination, Alert alert, int repeat) {
    Notification n = new Notification();
    n.destination = destination;
    n.alert = alert;
    n.webhookId = alert.alertId + "." + alert.status + (repeat == 0 ? "" : ".r" + repeat);
    return n;
  }

  /** The alert as Slack and webhook bodies. */
  HttpDelivery.Body body() {
    return new HttpDelivery.Body() {
      @Override
      public String slack() {
        return Messages.slack(alert);
      }

      @Override
      public String webhook(long sentAtMillis) {
        return Messages.webhook(alert, sentAtMillis);
      }
    };
  }

  @Override
  public String toString() {
    return "Notification{" + destination + " " + webhookId + "}";
  }
}
