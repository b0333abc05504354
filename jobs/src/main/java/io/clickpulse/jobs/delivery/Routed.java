package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/** An alert on its way to one destination, by the route (its index in the file) that sent it. */
public class Routed {
  public String destination;
  public int route;
  public Alert alert;

  public Routed() {}

  public Routed(String destination, int route, Alert alert) {
    this.destination = destination;
    this.route = route;
    this.alert = alert;
  }
}
