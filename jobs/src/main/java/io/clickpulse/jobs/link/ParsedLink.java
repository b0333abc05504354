package io.clickpulse.jobs.link;

import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.udf.link.LinkEvent;

/** A {@code links} record as the source hands it on: a valid event or a dead letter. */
public class ParsedLink {
  /** Null when rejected. */
  public LinkEvent event;

  /** Null when valid. */
  public DeadLetter deadLetter;

  public ParsedLink() {}

  static ParsedLink valid(LinkEvent event) {
    ParsedLink p = new ParsedLink();
    p.event = event;
    return p;
  }

  static ParsedLink rejected(DeadLetter deadLetter) {
    ParsedLink p = new ParsedLink();
    p.deadLetter = deadLetter;
    return p;
  }

  public boolean isValid() {
    return event != null;
  }
}
