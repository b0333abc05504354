package io.clickpulse.jobs.metrics;

/** Names of the pipeline's counters; together they reconcile every record read. */
public final class Counters {
  /** Records read from the raw topic. */
  public static final String RECEIVED = "received";

  /** Distinct valid events passed on to enrichment and the sinks. */
  public static final String ACCEPTED = "accepted";

  /** Exact repeats of an event already accepted. */
  public static final String DUPLICATES = "duplicates";

  /** Accepted test traffic (is_test): stored raw, kept out of aggregates. */
  public static final String TEST_EVENTS = "test_events";

  /**
   * Valid events whose time was far ahead of their partition's recent event times (a fast client or
   * producer clock); stored and aggregated in their own minute, but they do not move the watermark.
   * Not part of the reconciliation: a subset of received.
   */
  public static final String CLOCK_AHEAD = "clock_ahead";

  /**
   * Clicks that reached the bot patterns after the watermark passed them: marked if their client
   * was caught, not matched. Not part of the reconciliation.
   */
  public static final String BOT_PATTERNS_LATE = "bot_patterns_late_clicks";

  /**
   * Clicks that reached the alert rules after their minute was judged: counted in the aggregates,
   * not in the alert rules' minute. Not part of the reconciliation.
   */
  public static final String ALERT_RULES_LATE = "alert_rules_late_clicks";

  /** Accepted events later than the allowed lateness: stored raw, in no minute aggregate. */
  public static final String TOO_LATE = "too_late";

  private Counters() {}

  /** Records rejected for the reason with this code; all of them are on the dead-letter topic. */
  public static String rejected(String reasonCode) {
    return "rejected_" + reasonCode;
  }
}
