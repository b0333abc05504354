package io.clickpulse.stack.traffic;

/**
 * One click as the model decides it, before it becomes a Kafka record: what happened, when, and
 * when it reaches Kafka. Serialized (see {@link ClickJson}) only when its turn in arrival order
 * comes, so that records dated "now" carry the time they are really produced at.
 *
 * @param slot what the record in its place will be: the click itself, or a defect or repeat
 * @param order creation order: breaks ties in arrival order
 * @param trueTime when the click happened
 * @param sentTime its event_time: {@code trueTime} plus its producer's clock skew
 * @param arrival when it reaches Kafka (event time)
 * @param incident the planted incident it belongs to, or null
 * @param late arrives beyond the pipeline's allowed lateness
 */
record SimulatedClick(
    Slot slot,
    long order,
    String eventId,
    long trueTime,
    long sentTime,
    long arrival,
    int producer,
    LinkSpace.Link link,
    Visitors.Visitor visitor,
    String referrer,
    String httpMethod,
    int redirectStatus,
    boolean test,
    String abGroup,
    String incident,
    boolean late) {

  /** What the record in a click's place in the stream will be. */
  enum Slot {
    VALID,
    MALFORMED,
    /** An exact repeat of a recent valid record takes this place. */
    DUPLICATE,
    /** A recent valid record's event_id with other content takes this place. */
    CONFLICT
  }
}
