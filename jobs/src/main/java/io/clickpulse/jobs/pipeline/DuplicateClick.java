package io.clickpulse.jobs.pipeline;

import io.clickpulse.udf.event.ClickEvent;

/**
 * An exact repeat the dedup step dropped: a row of {@code duplicate_clicks}, for duplicate rates.
 */
public class DuplicateClick {
  public long eventTime;
  public String eventId;
  public int partition;
  public long offset;

  public DuplicateClick() {}

  static DuplicateClick of(ClickEvent e) {
    DuplicateClick d = new DuplicateClick();
    d.eventTime = e.eventTime;
    d.eventId = e.eventId;
    d.partition = e.sourcePartition;
    d.offset = e.sourceOffset;
    return d;
  }
}
