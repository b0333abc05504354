package io.clickpulse.udf.conversion;

import static io.clickpulse.udf.conversion.ConversionExamples.EVENT_TIME;
import static io.clickpulse.udf.conversion.ConversionExamples.FULL_SALE;
import static io.clickpulse.udf.conversion.ConversionExamples.RECORD_TIME;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.event.ValidationLimits;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConversionEventParserTest {
  private final ConversionEventParser parser = new ConversionEventParser(ValidationLimits.DEFAULTS);

  private ConversionParseResult parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
  }

  @Test
  void readsEveryField() {
    ConversionEvent e = parse(FULL_SALE).event();
    assertAll(
        () -> assertEquals("ord-2026-120577", e.conversionId),
        () -> assertEquals(ConversionType.SALE, e.type),
        () -> assertEquals(EVENT_TIME, e.eventTime),
        () -> assertEquals("01JEKZ8M4T2V6X9A3B5C7D1E2F", e.clickId),
        () -> assertEquals("203.0.113.54", e.visitorIp),
        () -> assertTrue(e.visitorUserAgent.startsWith("Mozilla/5.0 (iPhone")),
        () -> assertNull(e.visitorId, "hashed by the stage, not the parser"),
        () -> assertEquals("hs-contact-88412", e.contactId),
        () -> assertEquals(new BigDecimal("129.95"), e.amount),
        () -> assertEquals("EUR", e.currency),
        () -> assertEquals("lnk_winter_sale_nl", e.linkId),
        () -> assertEquals("cmp-2026-winter", e.campaignId),
        () -> assertFalse(e.isTest));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#valid")
  void acceptsValidExamples(String name, String json) {
    ConversionParseResult result = parse(json);
    assertTrue(result.isValid(), () -> name + ": " + result);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#invalid")
  void rejectsInvalidExamples(String name, String json, String reason) {
    ConversionParseResult result = parse(json);
    assertFalse(result.isValid(), () -> name + " was accepted");
    assertEquals(reason, result.rejection().reason().code(), () -> name + ": " + result);
  }

  static Stream<Arguments> amounts() {
    return Stream.of(
        Arguments.of("129.95", "129.95"),
        Arguments.of("\"129.95\"", "129.95"),
        Arguments.of("\"1999.9900\"", "1999.99"),
        Arguments.of("100", "100"),
        Arguments.of("1E+2", "100"),
        Arguments.of("0.0", "0"),
        Arguments.of("\"0.0001\"", "0.0001"),
        // Exact where a double is not.
        Arguments.of("\"12345678901234.5678\"", "12345678901234.5678"));
  }

  @ParameterizedTest(name = "amount {0}")
  @MethodSource("amounts")
  void readsAmountsExactly(String json, String expected) {
    ConversionEvent e = parse(FULL_SALE.replace("129.95", json)).event();
    assertEquals(expected, e.amount.toPlainString());
  }

  /** Cases the schema cannot express: only the parser sees the bytes and the record time. */
  static Stream<Arguments> parserOnlyRejections() {
    return Stream.of(
        Arguments.of("{\"conversion_id\":\"c1\",", "malformed_json", "Unexpected end-of-input"),
        Arguments.of("", "malformed_json", "empty record"),
        Arguments.of(FULL_SALE + " {}", "malformed_json", "Trailing token"),
        Arguments.of(
            FULL_SALE.replace("" + EVENT_TIME, "" + (RECORD_TIME + 600_000)),
            "time_out_of_range",
            "event_time 1796505000000 is more than PT5M"),
        Arguments.of(
            FULL_SALE.replace("129.95", "129.95001"), "invalid_amount", "more than 4 decimals"),
        Arguments.of(
            FULL_SALE.replace("129.95", "\"100000000000000\""),
            "invalid_amount",
            "amount is larger than"),
        Arguments.of(FULL_SALE.replace("\"EUR\"", "\"XYZ\""), "invalid_currency", "ISO 4217"),
        Arguments.of(
            FULL_SALE.replace("203.0.113.54", "203.0.113.256"),
            "invalid_field",
            "visitor_ip is not an IPv4 or IPv6 address"),
        Arguments.of(
            FULL_SALE.replace("hs-contact-88412", "maria.jansen@acme.com"),
            "invalid_field",
            "contact_id looks like an email address"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("parserOnlyRejections")
  void rejectsWithAClearDetail(String json, String reason, String detail) {
    ConversionParseResult result = parse(json);
    assertEquals(reason, result.rejection().reason().code(), result::toString);
    assertTrue(result.rejection().detail().contains(detail), result::toString);
  }

  @Test
  void aBadAddressIsNotRepeatedInTheDetail() {
    ConversionParseResult result = parse(FULL_SALE.replace("203.0.113.54", "203.0.113.256"));
    assertFalse(result.rejection().detail().contains("203.0.113"), result::toString);
  }

  @Test
  void lateConversionsAreAccepted() {
    // A sale closed in the CRM 40 days after the visit: no bound into the past.
    long fortyDaysAgo = EVENT_TIME - 40L * 24 * 3_600_000;
    ConversionEvent e = parse(FULL_SALE.replace("" + EVENT_TIME, "" + fortyDaysAgo)).event();
    assertEquals(fortyDaysAgo, e.eventTime);
  }

  /** Every prefix and many byte-level corruptions of a real record: a result, never a throw. */
  @Test
  void neverThrowsOnCorruptInput() {
    byte[] good = FULL_SALE.strip().getBytes(StandardCharsets.UTF_8);
    int rejected = 0;
    for (int length = 0; length < good.length; length++) {
      if (!parser.parse(java.util.Arrays.copyOf(good, length), RECORD_TIME).isValid()) {
        rejected++;
      }
    }
    assertEquals(good.length, rejected);
    Random random = new Random(18);
    for (int i = 0; i < 5_000; i++) {
      byte[] corrupt = good.clone();
      for (int j = 0; j < 3; j++) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      }
      ConversionParseResult result = parser.parse(corrupt, RECORD_TIME);
      assertTrue(result.isValid() || result.rejection().reason() != null);
    }
  }
}
