package io.clickpulse.local.report;

/**
 * One planted incident and what ClickPulse made of it. detection/delivery null when it did not
 * happen.
 */
public record IncidentOutcome(
    String name,
    String description,
    String expectedRule,
    String subject,
    java.time.Instant plantedFrom,
    java.time.Instant plantedTo,
    String alertId,
    String alertRule,
    java.time.Duration detection,
    java.time.Duration delivery) {
  public boolean detected() {
    return alertId != null;
  }
}
