package io.clickpulse.stack.traffic;

/**
 * The ways a generated record is broken on purpose (drawn uniformly), each with the reason code
 * validation must give it.
 */
enum Defect {
  /** The first half of the JSON. */
  TRUNCATED("malformed_json", true),
  /** Not JSON at all. */
  NOT_JSON("malformed_json", false),
  MISSING_LINK_ID("missing_field", true),
  /** An ISO date where epoch milliseconds belong. */
  TIME_AS_TEXT("wrong_type", false),
  BROKEN_URL("invalid_url", true),
  /** Thirty days old. */
  ANCIENT("time_out_of_range", false),
  BAD_IP("invalid_field", true),
  /** A 40 KB user agent. */
  OVERSIZED("oversized", true);

  static final String NOT_JSON_TEXT = "click at 12:00 from 203.0.113.9";
  static final String TIME_TEXT = "2026-11-22T10:00:00Z";
  static final String BROKEN_URL_TEXT = "htp:/broken link";
  static final long ANCIENT_AGE = 30L * 24 * 3600 * 1000;
  static final String BAD_IP_TEXT = "300.1.2.3";
  static final int OVERSIZED_LENGTH = 40_000;

  final String reason;

  /** Whether the record still carries a readable event_time, which can then be "now". */
  final boolean hasEventTime;

  Defect(String reason, boolean hasEventTime) {
    this.reason = reason;
    this.hasEventTime = hasEventTime;
  }
}
