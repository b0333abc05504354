package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/** An alert on its way to one destination. */
public class Routed {
  public String destination;
  public Alert alert;

  public Routed() {}

  public Routed(String destination, Alert alert) {
    this.destination = destination;
    this.alert = alert;
  }

  /** Grouping key: one group per destination and alert fingerprint. */
  public String groupKey() {
    return destination + "|" + alert.fingerprint;
  }
}
