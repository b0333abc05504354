package io.clickpulse.udf.event;

/**
 * Either a valid event or the rejection that says why not: what every parser of input returns
 * ({@link ParseResult} for clicks, {@code LinkParseResult} for link events).
 */
public abstract class Parsed<E, R> {
  private final E event;
  private final R rejection;

  protected Parsed(E event, R rejection) {
    this.event = event;
    this.rejection = rejection;
  }

  public boolean isValid() {
    return event != null;
  }

  public E event() {
    if (event == null) {
      throw new IllegalStateException("Rejected: " + rejection);
    }
    return event;
  }

  public R rejection() {
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
