package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/**
 * One message for one destination. Its id is the webhook-id: stable across retries and restarts.
 * Since grouping, a notification carries a {@link GroupNotice}; one without (a dead letter written
 * before grouping) still renders its single alert as before.
 */
public class Notification {
  public String destination;

  /** Receivers dedup on it: see {@link AlertGroup#lastWebhookId}. */
  public String webhookId;

  /** The group's first listed alert: its id labels the attempt rows. */
  public Alert alert;

  public GroupNotice group;

  /** A feed's batch (docs/delivery.md, "Feeds"); then {@code alert} and {@code group} are null. */
  public FeedBatch feed;

  public Notification() {}

  /** A feed batch's notification; its webhook-id follows from the batch. */
  public static Notification of(String destination, FeedBatch batch) {
    Notification n = new Notification();
    n.destination = destination;
    n.feed = batch;
    n.webhookId = batch.webhookId();
    return n;
  }

  /**
   * What an attempt row's {@code alert_id} holds: the first listed alert, or {@code feed:<name>}
   * for a feed batch.
   */
  String subject() {
    if (feed != null) {
      return "feed:" + feed.feed;
    }
    return alert == null ? null : alert.alertId;
  }

  public static Notification of(String destination, Alert alert, int repeat) {
    Notification n = new Notification();
    n.destination = destination;
    n.alert = alert;
    n.webhookId = alert.alertId + "." + alert.status + (repeat == 0 ? "" : ".r" + repeat);
    return n;
  }

  /** A group's notification; {@code fallback} stands for it when no alert is listed. */
  public static Notification of(
      String destination, GroupNotice group, String webhookId, Alert fallback) {
    Notification n = new Notification();
    n.destination = destination;
    n.group = group;
    n.webhookId = webhookId;
    n.alert = group.alerts.isEmpty() ? fallback : group.alerts.get(0);
    return n;
  }

  /** The group (or the single alert) as Slack and webhook bodies. */
  HttpDelivery.Body body() {
    if (feed != null) {
      return new HttpDelivery.Body() {
        @Override
        public String slack() {
          throw new UnsupportedOperationException("a feed posts to webhook destinations only");
        }

        @Override
        public String webhook(long sentAtMillis) {
          return feed.body();
        }
      };
    }
    return new HttpDelivery.Body() {
      @Override
      public String slack() {
        return group != null ? GroupMessages.slack(group) : Messages.slack(alert);
      }

      @Override
      public String webhook(long sentAtMillis) {
        return group != null
            ? GroupMessages.webhook(group, destination, sentAtMillis)
            : Messages.webhook(alert, sentAtMillis);
      }

      @Override
      public EmailMessages.Email email() {
        return group != null ? EmailMessages.of(group) : EmailMessages.of(alert);
      }
    };
  }

  @Override
  public String toString() {
    return "Notification{" + destination + " " + webhookId + "}";
  }
}
