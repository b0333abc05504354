package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/**
 * A notification given up on, on the delivery dead-letter topic; the replay command re-sends it.
 */
public class DeliveryDeadLetter {
  public String destination;
  public String webhookId;
  public int attempts;
  public String reason;
  public Alert alert;

  /** The group notification given up on (absent in dead letters from before grouping). */
  public GroupNotice group;

  /** The feed batch given up on, with its items (docs/delivery.md, "Feeds"). */
  public FeedBatch feed;

  public DeliveryDeadLetter() {}

  static DeliveryDeadLetter of(Notification n, int attempts, String reason) {
    DeliveryDeadLetter d = new DeliveryDeadLetter();
    d.destination = n.destination;
    d.webhookId = n.webhookId;
    d.attempts = attempts;
    d.reason = reason;
    d.alert = n.alert;
    d.group = n.group;
    d.feed = n.feed;
    return d;
  }

  /** The notification again, with its original webhook-id, for a replay. */
  public Notification notification() {
    Notification n = new Notification();
    n.destination = destination;
    n.webhookId = webhookId;
    n.alert = alert;
    n.group = group;
    n.feed = feed;
    return n;
  }
}
