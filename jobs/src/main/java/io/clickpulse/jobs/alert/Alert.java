package io.clickpulse.jobs.alert;

import java.util.Map;
import java.util.TreeMap;

/**
 * An alert event, as written to the Kafka topic {@code alerts} and the ClickHouse table {@code
 * alerts}. Documented field by field in {@code docs/alerts.md}.
 */
public class Alert {
  /**
   * Deterministic: the same rule, subject and window give the same id, so replays are idempotent.
   */
  public String alertId;

  public String rule;
  public String severity;

  /** {@code firing} or {@code resolved}; a resolved alert has the id of the firing it ends. */
  public String status;

  /** {@code link}, {@code campaign} or {@code client}. */
  public String subjectType;

  public String subjectId;
  public String linkId;
  public String campaignId;
  public String owner;
  public long windowStart;
  public long windowEnd;
  public double observed;
  public double expected;

  /** One sentence a marketer can act on. */
  public String reason;

  /** A few values that explain the alert: top referrers or countries, sample links. */
  public Map<String, String> evidence = new TreeMap<>();

  /** What the owner needs to act: link, attribution, window totals, failures. Never null. */
  public AlertContext context = new AlertContext();

  public String dashboardUrl;

  /** Groups notifications: the rule and the subject, without the window. */
  public String fingerprint;

  public Alert() {}

  @Override
  public String toString() {
    return "Alert{"
        + rule
        + " "
        + status
        + " "
        + subjectType
        + ":"
        + subjectId
        + " @"
        + windowStart
        + " observed="
        + observed
        + " expected="
        + expected
        + " id="
        + alertId
        + "}";
  }
}
