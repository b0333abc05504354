package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.CountByKey;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.udf.event.RejectReason;
import java.util.Arrays;

/**
 * Counts dead letters by reason ({@code rejected_<reason>}) on their way to the dead-letter topic:
 * one place sees every reject, whichever step produced it. Every click reason reports 0 until it
 * happens; a code from elsewhere gets its counter when first seen.
 */
public class CountDeadLetters extends CountByKey<DeadLetter> {
  public CountDeadLetters() {
    super(
        Counters.rejected(""),
        Arrays.stream(RejectReason.values()).map(RejectReason::code).toList(),
        deadLetter -> deadLetter.reason);
  }
}
