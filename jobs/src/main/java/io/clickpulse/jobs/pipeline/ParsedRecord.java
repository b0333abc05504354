package io.clickpulse.jobs.pipeline;

import io.clickpulse.udf.event.ClickEvent;

/**
 * A Kafka record as the source hands it on: parsed and validated once, either a valid {@link
 * #event} or a {@link #deadLetter}, with its partition's event-time progress after it.
 */
public class ParsedRecord {
  /** The valid event; null when the record was rejected. */
  public ClickEvent event;

  /** Why the record was rejected; null when it is valid. */
  public DeadLetter deadLetter;

  /**
   * The event time the record's partition had reached after this record ({@link
   * io.clickpulse.udf.event.EventTimeProgress}); what the partition's watermark follows.
   */
  public long partitionProgress = Long.MIN_VALUE;

  public ParsedRecord() {}

  static ParsedRecord valid(ClickEvent event, long partitionProgress) {
    ParsedRecord r = new ParsedRecord();
    r.event = event;
    r.partitionProgress = partitionProgress;
    return r;
  }

  static ParsedRecord rejected(DeadLetter deadLetter, long partitionProgress) {
    ParsedRecord r = new ParsedRecord();
    r.deadLetter = deadLetter;
    r.partitionProgress = partitionProgress;
    return r;
  }

  public boolean isValid() {
    return event != null;
  }
}
