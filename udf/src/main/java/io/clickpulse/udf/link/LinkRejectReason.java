package io.clickpulse.udf.link;

import io.clickpulse.udf.event.RejectReason;

/**
 * Why a link event went to the dead-letter topic. The codes shared with clicks are the same strings
 * as {@link RejectReason}'s, so one dashboard groups both; the rest are link-only.
 */
public enum LinkRejectReason {
  MALFORMED_JSON(RejectReason.MALFORMED_JSON.code()),
  OVERSIZED(RejectReason.OVERSIZED.code()),
  MISSING_FIELD(RejectReason.MISSING_FIELD.code()),
  WRONG_TYPE(RejectReason.WRONG_TYPE.code()),
  INVALID_FIELD(RejectReason.INVALID_FIELD.code()),
  /** short_url or destination_url is not an absolute http(s) URL. */
  INVALID_URL(RejectReason.INVALID_URL.code()),
  /** event_time lies too far after the record's timestamp, or before 2000 (epoch seconds). */
  TIME_OUT_OF_RANGE(RejectReason.TIME_OUT_OF_RANGE.code()),
  PROCESSING_ERROR(RejectReason.PROCESSING_ERROR.code()),
  /** type is none of created, updated, deleted, expiry_scheduled. */
  UNKNOWN_TYPE("unknown_type"),
  /** owner is neither an email address nor a Slack member id. */
  INVALID_OWNER("invalid_owner");

  private final String code;

  LinkRejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The link reason of a reason shared with clicks (the same name and code). */
  public static LinkRejectReason of(RejectReason shared) {
    return valueOf(shared.name());
  }
}
