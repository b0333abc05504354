package io.clickpulse.local.report;

import java.time.Duration;
import java.time.Instant;

/**
 * One planted incident and what ClickPulse made of it. {@code detection} and {@code delivery} are
 * null when it did not happen.
 *
 * @param plantedFrom event time of the first planted click
 * @param plantedTo event time of the last planted click
 * @param detection from the planted clicks to the alert
 * @param delivery from the planted clicks to the alert's delivery
 */
public record IncidentOutcome(
    String name,
    String description,
    String expectedRule,
    String subject,
    Instant plantedFrom,
    Instant plantedTo,
    String alertId,
    String alertRule,
    Duration detection,
    Duration delivery) {

  public boolean detected() {
    return alertId != null;
  }
}
