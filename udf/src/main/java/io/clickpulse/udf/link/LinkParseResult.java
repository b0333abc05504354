package io.clickpulse.udf.link;

/** Either a valid {@link LinkEvent} or a {@link LinkRejection}. */
public final class LinkParseResult {
  private final LinkEvent event;
  private final LinkRejection rejection;

  private LinkParseResult(LinkEvent event, LinkRejection rejection) {
    this.event = event;
    this.rejection = rejection;
  }

  public static LinkParseResult valid(LinkEvent event) {
    return new LinkParseResult(event, null);
  }

  public static LinkParseResult rejected(LinkRejectReason reason, String detail) {
    return new LinkParseResult(null, new LinkRejection(reason, detail));
  }

  public boolean isValid() {
    return event != null;
  }

  public LinkEvent event() {
    if (event == null) {
      throw new IllegalStateException("Rejected: " + rejection);
    }
    return event;
  }

  public LinkRejection rejection() {
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
