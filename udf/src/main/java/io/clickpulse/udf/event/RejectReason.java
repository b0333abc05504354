package io.clickpulse.udf.event;

/** Why a record went to the dead-letter topic. The codes are stable: dashboards group by them. */
public enum RejectReason {
  /** Not JSON, invalid UTF-8, not an object, or duplicate keys. */
  MALFORMED_JSON("malformed_json"),
  /** Larger than the configured record limit. */
  OVERSIZED("oversized"),
  /** A required field is absent or null. */
  MISSING_FIELD("missing_field"),
  /** A field has the wrong JSON type. */
  WRONG_TYPE("wrong_type"),
  /** A field has the right type but an impossible value (too long, bad IP, bad status, ...). */
  INVALID_FIELD("invalid_field"),
  /** short_url or destination_url is not an absolute http(s) URL. */
  INVALID_URL("invalid_url"),
  /** event_time is too far before or after the time the record was written to Kafka. */
  TIME_OUT_OF_RANGE("time_out_of_range"),
  /** The same event_id arrived earlier with different content. */
  DUPLICATE_CONFLICT("duplicate_conflict"),
  /** A processing step failed on this record; the record is kept instead of crashing the job. */
  PROCESSING_ERROR("processing_error");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
