package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RawEventTimeTest {
  private static final long RECORD_TIME = 1_790_000_000_000L;
  private static final long DAY = 24 * 3600 * 1000L;
  private static final long OLDEST = RECORD_TIME - 7 * DAY;

  /** Event times far behind the record timestamps, as in a backfill or a sped-up demo. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "readable                | {\"event_time\": 1789990000000, \"link_id\": \"l\"} | 1789990000000",
        "older than accepted     | {\"event_time\": 1700000000000}                   | " + OLDEST,
        "in the future           | {\"event_time\": 1799000000000}                   | 1790000300000",
        "a string                | {\"event_time\": \"2026-11-22T10:00:00Z\"}        | " + OLDEST,
        "missing                 | {\"link_id\": \"l\"}                              | " + OLDEST,
        "not JSON                | click at noon                                     | " + OLDEST,
        "truncated number        | {\"event_time\": 17899                            | 17899",
        "tab after the number    | {\"event_time\": 1789990000000\t}                 | 1789990000000",
        "nested one first        | {\"custom\": {\"event_time\": \"x\"}, \"event_time\": 1789990000000} | "
            + OLDEST,
      })
  void eventTimeForWatermarksNeverMovesThemWithoutAReadableTime(
      String description, String json, long expected) {
    var record =
        new RawRecord("clicks.raw", 0, 1, RECORD_TIME, json.getBytes(StandardCharsets.UTF_8));
    long timestamp =
        new RawEventTime(ValidationLimits.DEFAULTS).extractTimestamp(record, RECORD_TIME);
    assertEquals(Math.max(OLDEST, expected), timestamp, description);
  }
}
