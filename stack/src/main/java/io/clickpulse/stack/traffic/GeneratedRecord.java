package io.clickpulse.stack.traffic;

/**
 * One generated Kafka record and what the pipeline must do with it.
 *
 * @param key the Kafka key (the event id, so that repeats stay in order on one partition)
 * @param expectedReason the dead-letter reason code for rejects, null otherwise
 */
public record GeneratedRecord(String key, byte[] value, Kind kind, String expectedReason) {
  /** What the pipeline must make of the record. */
  public enum Kind {
    /** A new event: stored. */
    VALID,
    /** An exact repeat of an earlier event: counted as a duplicate, not stored again. */
    DUPLICATE,
    /** An earlier event_id with different content: dead-lettered as a conflict. */
    CONFLICT,
    /** Rejected by validation with {@link #expectedReason()}. */
    MALFORMED
  }
}
