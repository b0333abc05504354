package io.clickpulse.stack.traffic;

/**
 * One generated link event (docs/links.md), the Kafka record for the {@code links} topic and what
 * the pipeline must make of it.
 *
 * @param key the Kafka key: the link id, so that one link's events stay in order on one partition
 * @param value the JSON event
 * @param type {@code created}, {@code updated}, {@code deleted} or {@code expiry_scheduled}
 * @param eventTime its {@code event_time} (epoch ms); link events reach Kafka at this time
 * @param version the link's version after the event
 * @param campaignName the link's campaign name after the event (null: none), what its clicks are
 *     stamped with
 * @param problem the planted lifecycle problem this event belongs to, null for everyday events
 * @param expectedAlert the lifecycle rule this event must make fire, null if none
 */
public record LinkEventRecord(
    String key,
    byte[] value,
    String type,
    long eventTime,
    long version,
    String campaignName,
    String problem,
    String expectedAlert) {

  public String linkId() {
    return key;
  }
}
