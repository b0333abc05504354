package io.clickpulse.jobs.pipeline;

import io.clickpulse.udf.event.RejectReason;

/** Names of the pipeline's counters; together they reconcile every record read. */
public final class Counters {
  /** Records read from the raw topic. */
  public static final String RECEIVED = "received";

  /** Distinct valid events passed on to enrichment and the sinks. */
  public static final String ACCEPTED = "accepted";

  /** Exact repeats of an event already accepted. */
  public static final String DUPLICATES = "duplicates";

  private Counters() {}

  /** Records rejected for {@code reason}; all of them are on the dead-letter topic. */
  public static String rejected(RejectReason reason) {
    return "rejected_" + reason.code();
  }
}
