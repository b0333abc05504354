package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.udf.event.EventTimeProgress;
import io.clickpulse.udf.event.ValidationLimits;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The source's parse step: every record is parsed once, rejects carry their reason, and only valid
 * events that are not ahead of their partition move the partition's progress (the watermark's).
 */
class ClickRecordDeserializerTest {
  private static final long HOUR_AGO = System.currentTimeMillis() - 3_600_000L;
  private static final long NOW = System.currentTimeMillis();

  /** Events a partition needs before it makes progress. */
  private static final int WINDOW = EventTimeProgress.RECENT;

  private ClickRecordDeserializer deserializer;
  private long offset;

  @BeforeEach
  void setUp() {
    deserializer =
        new ClickRecordDeserializer(
            ValidationLimits.DEFAULTS,
            new EventTimeSettings(
                Duration.ofSeconds(30),
                Duration.ofMinutes(5),
                Duration.ofMinutes(1),
                Duration.ofSeconds(20)));
    deserializer.open(null);
  }

  @Test
  void rejectedRecordsDatedNowDoNotMoveProgress() {
    long progress = inOrder(0, WINDOW).partitionProgress;
    assertEquals(HOUR_AGO + (WINDOW - 1) * 1000L, progress);

    // Malformed as production sees them: current event_time, broken content.
    ParsedRecord badUrl =
        read(0, ClickJson.click("bad-1", NOW, "lnk-1").set("short_url", "not a url").bytes());
    ParsedRecord notJson = read(0, ("{\"event_time\": " + NOW + ", \"event_id\": ").getBytes());
    ParsedRecord oversized =
        read(0, ClickJson.click("big", NOW, "lnk-1").set("referrer", "x".repeat(40_000)).bytes());

    for (ParsedRecord r : new ParsedRecord[] {badUrl, notJson, oversized}) {
      assertFalse(r.isValid());
      assertNull(r.event);
      assertEquals(progress, r.partitionProgress, "a reject leaves event time where it was");
    }
    assertEquals("invalid_url", badUrl.deadLetter.reason);
    assertEquals("malformed_json", notJson.deadLetter.reason);
    assertEquals("oversized", oversized.deadLetter.reason);
    assertEquals(0, badUrl.deadLetter.partition);
  }

  @Test
  void aValidEventFromAFastClockDoesNotMoveProgress() {
    long progress = inOrder(0, WINDOW).partitionProgress;
    ParsedRecord fast = read(0, ClickJson.click("fast", HOUR_AGO + 260_000, "lnk-1").bytes());
    assertTrue(fast.isValid());
    assertEquals(HOUR_AGO + 260_000, fast.event.eventTime, "its own time is kept for its minute");
    assertEquals(progress, fast.partitionProgress);

    long nextTime = HOUR_AGO + WINDOW * 1000L;
    ParsedRecord next = read(0, ClickJson.click("next", nextTime, "lnk-1").bytes());
    assertEquals(nextTime, next.partitionProgress);
  }

  @Test
  void partitionsKeepTheirOwnProgress() {
    inOrder(0, WINDOW);
    ParsedRecord other = read(1, ClickJson.click("p1-0", HOUR_AGO - 600_000, "lnk-2").bytes());
    assertEquals(Long.MIN_VALUE, other.partitionProgress, "partition 1 has not warmed up");
    assertEquals(1, other.event.sourcePartition);
  }

  private ParsedRecord inOrder(int partition, int count) {
    ParsedRecord last = null;
    for (int i = 0; i < count; i++) {
      last = read(partition, ClickJson.click("e" + i, HOUR_AGO + i * 1000L, "lnk-1").bytes());
      assertTrue(last.isValid());
    }
    return last;
  }

  private ParsedRecord read(int partition, byte[] value) {
    return deserializer.parse(new RawRecord("clicks.raw", partition, offset++, NOW, value));
  }
}
