package io.clickpulse.udf.conversion;

import io.clickpulse.udf.event.Parsed;

/** Either a valid {@link ConversionEvent} or a {@link ConversionRejection}. */
public final class ConversionParseResult extends Parsed<ConversionEvent, ConversionRejection> {
  private ConversionParseResult(ConversionEvent event, ConversionRejection rejection) {
    super(event, rejection);
  }

  public static ConversionParseResult valid(ConversionEvent event) {
    return new ConversionParseResult(event, null);
  }

  public static ConversionParseResult rejected(ConversionRejectReason reason, String detail) {
    return new ConversionParseResult(null, new ConversionRejection(reason, detail));
  }
}
