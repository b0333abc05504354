package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.PayloadPreview;
import io.clickpulse.udf.event.RejectReason;

/**
 * A rejected record on the dead-letter topic: why, where it came from, and the payload (bounded in
 * size, IP addresses redacted) so that it can be inspected and replayed.
 */
public class DeadLetter {
  public String reason;
  public String detail;
  public String topic;
  public int partition;
  public long offset;
  public long recordTimestamp;

  /** The event id, when the record got far enough to have one. */
  public String eventId;

  public String payload;

  /** Size of the original payload; larger than the payload field when truncated. */
  public int payloadBytes;

  public boolean payloadTruncated;

  public DeadLetter() {}

  /** A dead letter for {@code source}, with a preview of at most {@code maxPayloadBytes}. */
  public static DeadLetter of(
      RejectReason reason, String detail, RawRecord source, int maxPayloadBytes) {
    return of(reason.code(), detail, source, maxPayloadBytes);
  }

  /**
   * As above, with the reason as its code: the link and conversion events' reasons, some of which
   * are no click reasons.
   */
  public static DeadLetter of(
      String reasonCode, String detail, RawRecord source, int maxPayloadBytes) {
    PayloadPreview preview = PayloadPreview.of(source.value, maxPayloadBytes);
    DeadLetter d =
        of(reasonCode, detail, source.topic, source.partition, source.offset, source.timestamp);
    d.payloadBytes = source.value == null ? 0 : source.value.length;
    d.payload = preview.text();
    d.payloadTruncated = preview.truncated();
    return d;
  }

  /**
   * A dead letter for an event that was valid on its own but rejected later (a conflict, a failed
   * step); the payload is the event as JSON, without its IP address.
   */
  public static DeadLetter forEvent(
      RejectReason reason, String detail, String topic, ClickEvent event) {
    DeadLetter d = of(reason.code(), detail, topic, event.sourcePartition, event.sourceOffset, -1L);
    d.eventId = event.eventId;
    d.payload = withoutIp(event);
    d.payloadBytes = d.payload.length();
    return d;
  }

  private static DeadLetter of(
      String reasonCode,
      String detail,
      String topic,
      int partition,
      long offset,
      long recordTimestamp) {
    DeadLetter d = new DeadLetter();
    d.reason = reasonCode;
    d.detail = PayloadPreview.redactIps(detail);
    d.topic = topic;
    d.partition = partition;
    d.offset = offset;
    d.recordTimestamp = recordTimestamp;
    return d;
  }

  @Override
  public String toString() {
    return "DeadLetter{"
        + reason
        + " "
        + topic
        + "/"
        + partition
        + "@"
        + offset
        + ": "
        + detail
        + "}";
  }

  /** The event as JSON without its IP address, which must not leave the job. */
  private static String withoutIp(ClickEvent event) {
    String ip = event.ip;
    event.ip = null;
    try {
      return Json.string(event);
    } finally {
      event.ip = ip;
    }
  }
}
