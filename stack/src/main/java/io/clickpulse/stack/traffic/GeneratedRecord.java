package io.clickpulse.stack.traffic;

/**
 * One generated Kafka record, what the pipeline must do with it, and where it came from: enough to
 * compute every expectation from the records alone (see {@link TrafficLedger}).
 *
 * @param key the Kafka key (the event id, so that repeats stay in order on one partition)
 * @param expectedReason the dead-letter reason code for rejects, null otherwise
 * @param eventTime the {@code event_time} the record carries (epoch ms): the true time plus its
 *     producer's clock skew; for a record whose event_time cannot be read (garbage, text) the time
 *     it was generated for; {@link #UNKNOWN_TIME} if the generator did not say
 * @param trueEventTime when the click really happened (for a record dated now: when it was made)
 * @param arrivalTime when the record reaches Kafka, in event time: records are produced in this
 *     order
 * @param producer index of the redirect-service instance that sent it (0 for the plain generator)
 * @param linkId the link clicked, null if unknown
 * @param test whether the event is marked {@code is_test} (stored, kept out of aggregates)
 * @param incident name of the planted incident this click belongs to, null for everyday traffic
 *     (and for repeats)
 * @param late a valid event that arrives so far behind its event time that the aggregation must
 *     send it to {@code late_clicks}
 * @param skewed sent by the producer whose clock is ahead: {@code eventTime = trueEventTime + skew}
 * @param datedNow a malformed record whose event_time is the wall-clock time it was generated at
 */
public record GeneratedRecord(
    String key,
    byte[] value,
    Kind kind,
    String expectedReason,
    long eventTime,
    long trueEventTime,
    long arrivalTime,
    int producer,
    String linkId,
    boolean test,
    String incident,
    boolean late,
    boolean skewed,
    boolean datedNow) {

  /** The time fields of a record made without them. */
  public static final long UNKNOWN_TIME = Long.MIN_VALUE;

  /** A record without provenance: times unknown, producer 0, no flags. */
  public GeneratedRecord(String key, byte[] value, Kind kind, String expectedReason) {
    this(
        key,
        value,
        kind,
        expectedReason,
        UNKNOWN_TIME,
        UNKNOWN_TIME,
        UNKNOWN_TIME,
        0,
        null,
        false,
        null,
        false,
        false,
        false);
  }

  /** An exact repeat of this record, arriving at {@code arrivalTime}. */
  public GeneratedRecord asDuplicate(long arrivalTime) {
    return repeat(value, Kind.DUPLICATE, null, arrivalTime);
  }

  /** This record's event_id with other content, arriving at {@code arrivalTime}. */
  public GeneratedRecord asConflict(byte[] changedValue, long arrivalTime) {
    return repeat(changedValue, Kind.CONFLICT, "duplicate_conflict", arrivalTime);
  }

  private GeneratedRecord repeat(byte[] value, Kind kind, String reason, long arrivalTime) {
    return new GeneratedRecord(
        key,
        value,
        kind,
        reason,
        eventTime,
        trueEventTime,
        arrivalTime,
        producer,
        linkId,
        test,
        null,
        false,
        skewed,
        false);
  }

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
