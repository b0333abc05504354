package io.clickpulse.jobs.link;

import io.clickpulse.udf.link.LinkState;

/**
 * One row of {@code link_events} (and so of {@code links}, V011): the link as it is after one
 * accepted event, and which event made it so. A POJO for Flink's serializer.
 */
public class LinkRow {
  public String eventId;

  /** created, updated, deleted or expiry_scheduled. */
  public String eventType;

  /** Epoch ms, UTC. */
  public long eventTime;

  public String createdBy;

  /** The link after the event. */
  public LinkState link;

  public LinkRow() {}

  public LinkRow(
      String eventId, String eventType, long eventTime, String createdBy, LinkState link) {
    this.eventId = eventId;
    this.eventType = eventType;
    this.eventTime = eventTime;
    this.createdBy = createdBy;
    this.link = link;
  }

  @Override
  public String toString() {
    return "LinkRow{" + eventType + " " + link + "}";
  }
}
