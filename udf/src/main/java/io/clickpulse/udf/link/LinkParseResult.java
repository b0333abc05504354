package io.clickpulse.udf.link;

import io.clickpulse.udf.event.Parsed;

/** Either a valid {@link LinkEvent} or a {@link LinkRejection}. */
public final class LinkParseResult extends Parsed<LinkEvent, LinkRejection> {
  private LinkParseResult(LinkEvent event, LinkRejection rejection) {
    super(event, rejection);
  }

  public static LinkParseResult valid(LinkEvent event) {
    return new LinkParseResult(event, null);
  }

  public static LinkParseResult rejected(LinkRejectReason reason, String detail) {
    return new LinkParseResult(null, new LinkRejection(reason, detail));
  }
}
