package io.clickpulse.udf.event;

/** Either a valid {@link ClickEvent} or a {@link Rejection}. */
public final class ParseResult {
  private final ClickEvent event;
  private final Rejection rejection;

  private ParseResult(ClickEvent event, Rejection rejection) {
    this.event = event;
    this.rejection = rejection;
  }

  public static ParseResult valid(ClickEvent event) {
    return new ParseResult(event, null);
  }

  public static ParseResult rejected(RejectReason reason, String detail) {
    return new ParseResult(null, new Rejection(reason, detail));
  }

  public boolean isValid() {
    return event != null;
  }

  public ClickEvent event() {
    if (event == null) {
      throw new IllegalStateException("Rejected: " + rejection);
    }
    return event;
  }

  public Rejection rejection() {
    if (rejection == null) {
      throw new IllegalStateException("Not rejected");
    }
    return rejection;
  }

  @Override
  public String toString() {
    return isValid() ? "valid " + event : "rejected " + rejection;
  }
}
