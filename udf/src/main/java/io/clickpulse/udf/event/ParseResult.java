package io.clickpulse.udf.event;

/** Either a valid {@link ClickEvent} or a {@link Rejection}. */
public final class ParseResult extends Parsed<ClickEvent, Rejection> {
  private ParseResult(ClickEvent event, Rejection rejection) {
    super(event, rejection);
  }

  public static ParseResult valid(ClickEvent event) {
    return new ParseResult(event, null);
  }

  public static ParseResult rejected(RejectReason reason, String detail) {
    return new ParseResult(null, new Rejection(reason, detail));
  }
}
