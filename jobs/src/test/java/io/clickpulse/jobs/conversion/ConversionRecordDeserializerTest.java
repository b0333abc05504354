package io.clickpulse.jobs.conversion;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConversionRecordDeserializerTest {
  static final long RECORD_TIME = 1_796_504_400_000L;

  private final ConversionRecordDeserializer deserializer =
      new ConversionRecordDeserializer(ValidationLimits.DEFAULTS);

  private ParsedConversion parse(String json) {
    return deserializer.parse(
        new RawRecord("conversions", 3, 4711, RECORD_TIME, json.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aRejectIsADeadLetterWithoutTheVisitorsAddress() {
    // A sale without its currency, from a visitor's address.
    ParsedConversion p =
        parse(
            """
            {"conversion_id":"ord-1","type":"sale","event_time":%d,"visitor_ip":"203.0.113.54",
             "amount":"10"}
            """
                .formatted(RECORD_TIME - 1000));
    assertFalse(p.isValid());
    DeadLetter d = p.deadLetter;
    assertAll(
        () -> assertEquals("invalid_currency", d.reason),
        () -> assertEquals("amount without a currency", d.detail),
        () -> assertEquals("conversions", d.topic),
        () -> assertEquals(3, d.partition),
        () -> assertEquals(4711L, d.offset),
        () -> assertEquals(RECORD_TIME, d.recordTimestamp),
        () -> assertFalse(d.payload.contains("203.0.113.54"), d.payload),
        () -> assertTrue(d.payload.contains("ord-1"), d.payload));
  }

  @Test
  void aValidRecordIsAnEvent() {
    ParsedConversion p =
        parse(
            """
            {"conversion_id":"lead-1","type":"lead","event_time":%d,"contact_id":"c-1"}
            """
                .formatted(RECORD_TIME - 1000));
    assertTrue(p.isValid());
    assertEquals("lead-1", p.event.conversionId);
  }
}
