package io.clickpulse.jobs.pipeline;

import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * Event time for watermarks, read at the source so that each Kafka partition gets its own watermark
 * (a partition read ahead of another then cannot make the other's events late). Only {@code
 * "event_time": <digits>} is scanned, not the whole record, and the value is clamped to what
 * validation accepts relative to the record's timestamp: a bad record can never push the watermark
 * further than a valid one could. Records without a readable event time get the oldest time
 * validation accepts, so that they never move the watermark: their record timestamp can lie far
 * ahead of the event times around them (a backfill, clients that send late), and taking it would
 * make every later valid click of the partition late. (Not {@code Long.MIN_VALUE}: a valid record
 * the scan cannot read, say with a nested {@code custom.event_time} first, would then reach the
 * event-time windows without a timestamp and fail the job; this way it is counted as too late.)
 */
public class RawEventTime implements SerializableTimestampAssigner<RawRecord> {
  private static final byte[] FIELD = "\"event_time\"".getBytes(StandardCharsets.US_ASCII);

  private final ValidationLimits limits;

  public RawEventTime(ValidationLimits limits) {
    this.limits = limits;
  }

  @Override
  public long extractTimestamp(RawRecord record, long recordTimestamp) {
    long reference = record.timestamp >= 0 ? record.timestamp : System.currentTimeMillis();
    long eventTime = scan(record.value);
    long earliest = reference - limits.maxEventAge().toMillis();
    if (eventTime < 0) {
      return earliest;
    }
    long latest = reference + limits.maxFutureSkew().toMillis();
    return Math.max(earliest, Math.min(latest, eventTime));
  }

  /** The integer after the first {@code "event_time":}, or -1. */
  static long scan(byte[] value) {
    if (value == null) {
      return -1;
    }
    int at = indexOf(value, FIELD);
    if (at < 0) {
      return -1;
    }
    int i = skipWhitespace(value, at + FIELD.length);
    if (i >= value.length || value[i] != ':') {
      return -1;
    }
    i = skipWhitespace(value, i + 1);
    long result = 0;
    int digits = 0;
    while (i < value.length && value[i] >= '0' && value[i] <= '9' && digits < 18) {
      result = result * 10 + (value[i++] - '0');
      digits++;
    }
    boolean ends =
        i >= value.length
            || value[i] == ','
            || value[i] == '}'
            || value[i] == ' '
            || value[i] == '\t'
            || value[i] == '\r'
            || value[i] == '\n';
    return digits > 0 && ends ? result : -1;
  }

  private static int skipWhitespace(byte[] value, int i) {
    while (i < value.length
        && (value[i] == ' ' || value[i] == '\t' || value[i] == '\n' || value[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
