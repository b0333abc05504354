package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.pipeline.ParsedEvent;
import io.clickpulse.udf.conversion.ConversionEvent;

/** A {@code conversions} record as the source hands it on: a valid event or a dead letter. */
public class ParsedConversion extends ParsedEvent<ConversionEvent> {
  public ParsedConversion() {}
}
