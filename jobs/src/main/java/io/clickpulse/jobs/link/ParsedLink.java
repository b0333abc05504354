package io.clickpulse.jobs.link;

import io.clickpulse.jobs.pipeline.ParsedEvent;
import io.clickpulse.udf.link.LinkEvent;

/** A {@code links} record as the source hands it on: a valid event or a dead letter. */
public class ParsedLink extends ParsedEvent<LinkEvent> {
  public ParsedLink() {}
}
