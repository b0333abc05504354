package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.udf.conversion.ConversionEvent;

/** A {@code conversions} record as the source hands it on: a valid event or a dead letter. */
public class ParsedConversion {
  /** Null when rejected. */
  public ConversionEvent event;

  /** Null when valid. */
  public DeadLetter deadLetter;

  public ParsedConversion() {}

  static ParsedConversion valid(ConversionEvent event) {
    ParsedConversion p = new ParsedConversion();
    p.event = event;
    return p;
  }

  static ParsedConversion rejected(DeadLetter deadLetter) {
    ParsedConversion p = new ParsedConversion();
    p.deadLetter = deadLetter;
    return p;
  }

  public boolean isValid() {
    return event != null;
  }
}
