package io.clickpulse.udf.conversion;

import io.clickpulse.udf.event.RejectReason;

/**
 * Why a conversion went to the dead-letter topic. The codes shared with clicks are the same strings
 * as {@link RejectReason}'s, so one dashboard groups all inputs; the rest are conversion-only.
 */
public enum ConversionRejectReason {
  MALFORMED_JSON(RejectReason.MALFORMED_JSON.code()),
  OVERSIZED(RejectReason.OVERSIZED.code()),
  MISSING_FIELD(RejectReason.MISSING_FIELD.code()),
  WRONG_TYPE(RejectReason.WRONG_TYPE.code()),
  INVALID_FIELD(RejectReason.INVALID_FIELD.code()),
  INVALID_URL(RejectReason.INVALID_URL.code()),
  /** event_time lies too far after the record's timestamp, or before 2000 (epoch seconds). */
  TIME_OUT_OF_RANGE(RejectReason.TIME_OUT_OF_RANGE.code()),
  DUPLICATE_CONFLICT(RejectReason.DUPLICATE_CONFLICT.code()),
  PROCESSING_ERROR(RejectReason.PROCESSING_ERROR.code()),
  /** type is none of lead, signup, sale. */
  UNKNOWN_TYPE("unknown_type"),
  /** None of click_id, visitor_ip, contact_id: nothing to attribute the conversion to. */
  NO_IDENTITY("no_identity"),
  /** amount is negative, not a decimal, too large or too precise; or a sale without one. */
  INVALID_AMOUNT("invalid_amount"),
  /** currency is not an ISO 4217 code, or an amount came without one (or one without amount). */
  INVALID_CURRENCY("invalid_currency");

  private final String code;

  ConversionRejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /** The conversion reason of a reason shared with clicks (the same name and code). */
  public static ConversionRejectReason of(RejectReason shared) {
    return valueOf(shared.name());
  }
}
