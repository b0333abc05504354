package io.clickpulse.udf.link;

import static io.clickpulse.udf.link.LinkExamples.EVENT_TIME;
import static io.clickpulse.udf.link.LinkExamples.FULL_CREATED;
import static io.clickpulse.udf.link.LinkExamples.RECORD_TIME;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkEventParserTest {
  private final LinkEventParser parser = new LinkEventParser(ValidationLimits.DEFAULTS);

  private LinkParseResult parse(String json) {
    return parser.parse(json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
  }

  @Test
  void readsEveryField() {
    LinkEvent e = parse(FULL_CREATED).event();
    assertAll(
        () -> assertEquals("01JEKX4Q2W7M3C8B9D5F6G7H8J", e.eventId),
        () -> assertEquals(LinkEventType.CREATED, e.type),
        () -> assertEquals(EVENT_TIME, e.eventTime),
        () -> assertEquals("lnk_winter_sale_nl", e.linkId),
        () -> assertEquals("https://go.acme.com/winter", e.shortUrl),
        () ->
            assertEquals(
                "https://shop.acme.com/sale?utm_source=newsletter&utm_medium=email",
                e.destinationUrl),
        () -> assertEquals("go.acme.com", e.customDomain),
        () -> assertEquals("newsletter", e.utmSource),
        () -> assertEquals("email", e.utmMedium),
        () -> assertEquals("winter-sale", e.utmCampaign),
        () -> assertEquals("boots", e.utmTerm),
        () -> assertEquals("hero-banner", e.utmContent),
        () -> assertEquals("cmp-2026-winter", e.campaignId),
        () -> assertEquals("Winter sale 2026", e.campaignName),
        () -> assertEquals("maria.jansen@acme.com", e.owner),
        () -> assertEquals(List.of("winter", "nl"), e.tags),
        () -> assertEquals("high", e.priority),
        () -> assertEquals("qr-poster-ams-01", e.qrCodeId),
        // 2026-12-31T23:00:00Z
        () -> assertEquals(1_798_758_000_000L, e.expiresAt),
        // 2026-12-24T23:00:00Z
        () -> assertEquals(1_798_153_200_000L, e.campaignEndsAt),
        () -> assertEquals("hs-contact-88412", e.contactId),
        () -> assertEquals("maria.jansen@acme.com", e.createdBy),
        () -> assertEquals("imp-2026-12-05-1", e.importId),
        () -> assertEquals(1L, e.version),
        () -> assertEquals("go.acme.com", e.linkDomain()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.link.LinkExamples#valid")
  void acceptsValidExamples(String name, String json) {
    LinkParseResult result = parse(json);
    assertTrue(result.isValid(), () -> name + ": " + result);
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("io.clickpulse.udf.link.LinkExamples#invalid")
  void rejectsInvalidExamples(String name, String json, String reason) {
    LinkParseResult result = parse(json);
    assertFalse(result.isValid(), () -> name + " was accepted");
    assertEquals(reason, result.rejection().reason().code(), () -> name + ": " + result);
  }

  static Stream<Arguments> times() {
    return Stream.of(
        Arguments.of("1796504340000", 1_796_504_340_000L),
        Arguments.of("\"2026-12-05T20:59:00Z\"", 1_796_504_340_000L),
        Arguments.of("\"2026-12-05T21:59:00+01:00\"", 1_796_504_340_000L),
        Arguments.of("\"2026-12-05T20:59Z\"", 1_796_504_340_000L),
        Arguments.of("\"2026-12-05T20:59:00.250Z\"", 1_796_504_340_250L));
  }

  @ParameterizedTest(name = "event_time {0}")
  @MethodSource("times")
  void readsEpochMillisAndIsoTimes(String json, long expected) {
    String record = FULL_CREATED.replace("\"event_time\":" + EVENT_TIME, "\"event_time\":" + json);
    assertEquals(expected, parse(record).event().eventTime);
  }

  /** Cases the schema cannot express: only the parser sees the bytes and the record time. */
  static Stream<Arguments> parserOnlyRejections() {
    String future = FULL_CREATED.replace("" + EVENT_TIME, "" + (RECORD_TIME + 600_000));
    return Stream.of(
        Arguments.of("{\"event_id\":\"e1\",", "malformed_json", "Unexpected end-of-input"),
        Arguments.of("", "malformed_json", "empty record"),
        Arguments.of(
            FULL_CREATED.replace("\"version\":1", "\"version\":1,\"version\":2"),
            "malformed_json",
            "Duplicate field 'version'"),
        Arguments.of(FULL_CREATED + " {}", "malformed_json", "Trailing token"),
        Arguments.of(future, "time_out_of_range", "event_time 1796505000000 is more than PT5M"),
        Arguments.of(
            FULL_CREATED.replace("2026-12-31T23:00:00Z", "2026-02-30T10:00:00Z"),
            "invalid_field",
            "expires_at is not an ISO-8601 time"),
        Arguments.of(
            FULL_CREATED.replace("2026-12-24T23:00:00Z", "Christmas"),
            "invalid_field",
            "campaign_ends_at is not an ISO-8601 time"),
        Arguments.of(
            FULL_CREATED
                .replace("\"type\":\"created\"", "\"type\":\"deleted\"")
                .replace("\"destination_url\":\"https://shop", "\"destination_url\":\"shop"),
            "invalid_url",
            "destination_url is not an absolute http(s) URL"));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("parserOnlyRejections")
  void rejectsWithAClearDetail(String json, String reason, String detail) {
    LinkParseResult result = parse(json);
    assertEquals(reason, result.rejection().reason().code(), result::toString);
    assertTrue(result.rejection().detail().contains(detail), result::toString);
  }

  @Test
  void rejectsOversizedRecordsBeforeParsing() {
    ValidationLimits small = new ValidationLimits(1024, Duration.ofDays(7), Duration.ofMinutes(5));
    String big = FULL_CREATED.replace("Winter sale 2026", "W".repeat(1200));
    LinkParseResult result =
        new LinkEventParser(small).parse(big.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
    assertEquals(LinkRejectReason.OVERSIZED, result.rejection().reason());
  }

  @Test
  void deleteAndExpiryLeaveTheLinkFieldsEmpty() {
    LinkEvent e =
        parse(
                """
                {"event_id":"e9","type":"expiry_scheduled","event_time":%d,"link_id":"lnk_1",
                 "expires_at":%d,"version":5}
                """
                    .formatted(EVENT_TIME, EVENT_TIME + 3_600_000))
            .event();
    assertAll(
        () -> assertEquals(LinkEventType.EXPIRY_SCHEDULED, e.type),
        () -> assertEquals(EVENT_TIME + 3_600_000, e.expiresAt),
        () -> assertNull(e.shortUrl),
        () -> assertNull(e.destinationUrl),
        () -> assertEquals(List.of(), e.tags));
  }

  /** Every prefix and many byte-level corruptions of a real record: a result, never a throw. */
  @Test
  void neverThrowsOnCorruptInput() {
    byte[] good = FULL_CREATED.strip().getBytes(StandardCharsets.UTF_8);
    int rejected = 0;
    for (int length = 0; length < good.length; length++) {
      byte[] prefix = java.util.Arrays.copyOf(good, length);
      if (!parser.parse(prefix, RECORD_TIME).isValid()) {
        rejected++;
      }
    }
    // A prefix of one object is never a whole object.
    assertEquals(good.length, rejected);
    Random random = new Random(17);
    for (int i = 0; i < 5_000; i++) {
      byte[] corrupt = good.clone();
      for (int j = 0; j < 3; j++) {
        corrupt[random.nextInt(corrupt.length)] = (byte) random.nextInt(256);
      }
      LinkParseResult result = parser.parse(corrupt, RECORD_TIME);
      assertTrue(result.isValid() || result.rejection().reason() != null);
    }
  }
}
