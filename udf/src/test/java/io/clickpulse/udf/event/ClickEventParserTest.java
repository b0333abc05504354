package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ClickEventParserTest {
  /** The Kafka record timestamp every test checks event_time against (2025-10-09T08:53:20Z). */
  private static final long RECORD_TIME = 1_760_000_000_000L;

  private static final long EVENT_TIME = RECORD_TIME - 1_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String CHROME_UA =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  /** An event with every field the schema defines. */
  private static final String FULL_EVENT =
      """
      {
        "event_id": "01JB7Q8X2K3M4N5P6R7S8T9V0W",
        "event_time": %d,
        "link_id": "lnk_spring_sale",
        "short_url": "https://cpl.ink/Spr1ng",
        "destination_url": "https://shop.example.com/sale?ref=cp&lang=de",
        "link_domain": "CPL.ink",
        "utm_source": "Newsletter",
        "utm_medium": "E-Mail",
        "utm_campaign": "Spring Sale 2026",
        "utm_term": "running shoes",
        "utm_content": "hero_banner",
        "campaign_id": "cmp-42",
        "campaign_owner": "marketing@example.com",
        "channel": "email",
        "referrer": "https://mail.google.com/",
        "user_agent": "%s",
        "ip": "203.0.113.7",
        "http_method": "POST",
        "redirect_status": 301,
        "country": "de",
        "is_test": true,
        "custom": {"ab_variant": "B", "score": 7, "vip": true}
      }
      """
          .formatted(EVENT_TIME, CHROME_UA);

  /** Only the required fields. */
  private static final String MINIMAL_EVENT =
      """
      {
        "event_id": "evt-1",
        "event_time": %d,
        "link_id": "lnk-1",
        "short_url": "https://Go.Example.COM/abc",
        "destination_url": "https://example.com/landing",
        "ip": "198.51.100.23"
      }
      """
          .formatted(EVENT_TIME);

  private final ClickEventParser parser = new ClickEventParser(ValidationLimits.DEFAULTS);

  @Test
  void fullEventKeepsEveryFieldAsSent() {
    ClickEvent e = parseValid(FULL_EVENT);

    assertAll(
        () -> assertEquals("01JB7Q8X2K3M4N5P6R7S8T9V0W", e.eventId),
        () -> assertEquals(EVENT_TIME, e.eventTime),
        () -> assertEquals("lnk_spring_sale", e.linkId),
        () -> assertEquals("https://cpl.ink/Spr1ng", e.shortUrl),
        () -> assertEquals("https://shop.example.com/sale?ref=cp&lang=de", e.destinationUrl),
        () -> assertEquals("cpl.ink", e.linkDomain),
        () -> assertEquals("Newsletter", e.utmSource),
        () -> assertEquals("E-Mail", e.utmMedium),
        () -> assertEquals("Spring Sale 2026", e.utmCampaign),
        () -> assertEquals("running shoes", e.utmTerm),
        () -> assertEquals("hero_banner", e.utmContent),
        () -> assertEquals("cmp-42", e.campaignId),
        () -> assertEquals("marketing@example.com", e.campaignOwner),
        () -> assertEquals("email", e.channel),
        () -> assertEquals("https://mail.google.com/", e.referrer),
        () -> assertEquals(CHROME_UA, e.userAgent),
        () -> assertEquals("203.0.113.7", e.ip),
        () -> assertEquals("POST", e.httpMethod),
        () -> assertEquals(301, e.redirectStatus),
        () -> assertEquals("DE", e.country),
        () -> assertTrue(e.isTest),
        () -> assertEquals(Map.of("ab_variant", "B", "score", "7", "vip", "true"), e.custom),
        () -> assertEquals(-1, e.sourcePartition),
        () -> assertEquals(-1L, e.sourceOffset));
  }

  @Test
  void absentOptionalFieldsGetTheirDefaults() {
    ClickEvent e = parseValid(MINIMAL_EVENT);

    assertAll(
        () -> assertEquals("GET", e.httpMethod),
        () -> assertFalse(e.isTest),
        () -> assertEquals("go.example.com", e.linkDomain, "link_domain from the short_url host"),
        () -> assertNull(e.redirectStatus),
        () -> assertNull(e.country),
        () -> assertNull(e.utmSource),
        () -> assertNull(e.utmMedium),
        () -> assertNull(e.utmCampaign),
        () -> assertNull(e.utmTerm),
        () -> assertNull(e.utmContent),
        () -> assertNull(e.campaignId),
        () -> assertNull(e.campaignOwner),
        () -> assertNull(e.channel),
        () -> assertNull(e.referrer),
        () -> assertNull(e.userAgent),
        () -> assertTrue(e.custom.isEmpty()));
  }

  @Test
  void explicitNullsAreTreatedAsAbsent() {
    ClickEvent e =
        parseValid(
            with(
                MINIMAL_EVENT,
                n -> {
                  n.putNull("http_method");
                  n.putNull("is_test");
                  n.putNull("redirect_status");
                  n.putNull("country");
                  n.putNull("custom");
                  n.putNull("link_domain");
                  n.putNull("utm_source");
                }));

    assertEquals("GET", e.httpMethod);
    assertFalse(e.isTest);
    assertNull(e.redirectStatus);
    assertNull(e.country);
    assertTrue(e.custom.isEmpty());
    assertEquals("go.example.com", e.linkDomain);
    assertNull(e.utmSource);
  }

  /** link_domain as sent, lower-cased; the short_url host when absent, null or blank. */
  @ParameterizedTest(name = "[{0}] -> {1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      nullValues = "NULL",
      textBlock =
          """
          CPL.ink|cpl.ink
          go.example.com|go.example.com
          NULL|go.example.com
          ''|go.example.com
          '   '|go.example.com
          """)
  void linkDomainFallsBackToTheShortUrlHost(String linkDomain, String expected) {
    assertEquals(
        expected,
        parseValid(with(MINIMAL_EVENT, n -> n.put("link_domain", linkDomain))).linkDomain);
  }

  /** java.net.URI has no host for these ('_' is valid in DNS names, not in URI host names). */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          https://my_links.example.com/abc|my_links.example.com
          http://My_Links.Example.com:8080/abc?x=1|my_links.example.com
          https://user:secret@my_links.example.com:443/abc|my_links.example.com
          https://_go.example.com/abc|_go.example.com
          https://go.example.com./abc|go.example.com.
          """)
  void hostsWithUnderscoresAreAccepted(String shortUrl, String linkDomain) {
    ClickEvent e =
        parseValid(
            with(
                MINIMAL_EVENT,
                n -> n.put("short_url", shortUrl).put("destination_url", shortUrl + "/dest")));
    assertEquals(shortUrl, e.shortUrl);
    assertEquals(shortUrl + "/dest", e.destinationUrl);
    assertEquals(linkDomain, e.linkDomain);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "get,     GET",
    "head,    HEAD",
    "Post,    POST",
    "OPTIONS, OPTIONS",
  })
  void httpMethodIsUpperCased(String sent, String expected) {
    assertEquals(
        expected, parseValid(with(MINIMAL_EVENT, n -> n.put("http_method", sent))).httpMethod);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"de, DE", "US, US", "gB, GB"})
  void countryIsUpperCased(String sent, String expected) {
    assertEquals(expected, parseValid(with(MINIMAL_EVENT, n -> n.put("country", sent))).country);
  }

  @ParameterizedTest(name = "redirect_status {0}")
  @ValueSource(ints = {0, 100, 200, 301, 302, 404, 599})
  void redirectStatusInRangeIsKept(int status) {
    assertEquals(
        status,
        parseValid(with(MINIMAL_EVENT, n -> n.put("redirect_status", status))).redirectStatus);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "203.0.113.7",
        "0.0.0.0",
        "255.255.255.255",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334",
        "2001:db8:85a3::8a2e:370:7334",
        "2001:DB8::1",
        "::1",
        "::",
        "fe80::1",
        "::ffff:192.0.2.128",
        "64:ff9b::192.0.2.33"
      })
  void ipv4AndIpv6LiteralsAreAcceptedAsSent(String ip) {
    assertEquals(ip, parseValid(with(MINIMAL_EVENT, n -> n.put("ip", ip))).ip);
  }

  static Stream<Arguments> rejectedRecords() {
    String full = FULL_EVENT;
    byte[] fullBytes = full.getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        // Not a JSON object at all.
        reject("empty bytes", new byte[0], RejectReason.MALFORMED_JSON),
        reject("null payload", null, RejectReason.MALFORMED_JSON),
        reject("not JSON", "hello, world", RejectReason.MALFORMED_JSON),
        reject("JSON null", "null", RejectReason.MALFORMED_JSON),
        reject(
            "truncated JSON",
            Arrays.copyOf(fullBytes, fullBytes.length / 2),
            RejectReason.MALFORMED_JSON),
        reject("JSON array", "[" + full + "]", RejectReason.MALFORMED_JSON),
        reject("JSON string", "\"click\"", RejectReason.MALFORMED_JSON),
        reject("JSON number", "42", RejectReason.MALFORMED_JSON),
        reject("trailing garbage", MINIMAL_EVENT + " garbage", RejectReason.MALFORMED_JSON),
        reject("two objects", MINIMAL_EVENT + MINIMAL_EVENT, RejectReason.MALFORMED_JSON),
        reject("trailing empty object", MINIMAL_EVENT.strip() + "{}", RejectReason.MALFORMED_JSON),
        reject("trailing number", MINIMAL_EVENT + " 1", RejectReason.MALFORMED_JSON),
        reject(
            "invalid UTF-8 (0xC3 0x28) inside a string",
            invalidUtf8(new byte[] {(byte) 0xC3, (byte) 0x28}),
            RejectReason.MALFORMED_JSON),
        reject(
            "invalid UTF-8 (0xFF 0xFE) inside a string",
            invalidUtf8(new byte[] {(byte) 0xFF, (byte) 0xFE}),
            RejectReason.MALFORMED_JSON),
        reject(
            "duplicate key",
            MINIMAL_EVENT.replace("\"ip\": ", "\"ip\": \"10.0.0.1\", \"ip\": "),
            RejectReason.MALFORMED_JSON),
        reject(
            "duplicate key inside custom",
            MINIMAL_EVENT.replace("\"ip\"", "\"custom\": {\"a\": \"1\", \"a\": \"2\"}, \"ip\""),
            RejectReason.MALFORMED_JSON),
        reject(
            "oversized: valid JSON padded to 32 KiB + 1 byte",
            padTo(MINIMAL_EVENT, 32 * 1024 + 1),
            RejectReason.OVERSIZED),

        // Required fields.
        reject("missing event_id", without("event_id"), RejectReason.MISSING_FIELD),
        reject("missing event_time", without("event_time"), RejectReason.MISSING_FIELD),
        reject("missing link_id", without("link_id"), RejectReason.MISSING_FIELD),
        reject("missing short_url", without("short_url"), RejectReason.MISSING_FIELD),
        reject("missing destination_url", without("destination_url"), RejectReason.MISSING_FIELD),
        reject("missing ip", without("ip"), RejectReason.MISSING_FIELD),
        reject("null event_id", set(n -> n.putNull("event_id")), RejectReason.MISSING_FIELD),
        reject("null ip", set(n -> n.putNull("ip")), RejectReason.MISSING_FIELD),
        reject("null event_time", set(n -> n.putNull("event_time")), RejectReason.MISSING_FIELD),

        // Wrong JSON types.
        reject(
            "event_time as string",
            set(n -> n.put("event_time", String.valueOf(EVENT_TIME))),
            RejectReason.WRONG_TYPE),
        reject(
            "event_time as float",
            set(n -> n.put("event_time", EVENT_TIME + 0.5)),
            RejectReason.WRONG_TYPE),
        reject(
            "event_time as ISO date",
            set(n -> n.put("event_time", "2025-10-09T08:53:19Z")),
            RejectReason.WRONG_TYPE),
        reject(
            "event_time beyond a long",
            MINIMAL_EVENT.replace(String.valueOf(EVENT_TIME), "92233720368547758070"),
            RejectReason.WRONG_TYPE),
        reject("is_test as \"yes\"", set(n -> n.put("is_test", "yes")), RejectReason.WRONG_TYPE),
        reject("is_test as 1", set(n -> n.put("is_test", 1)), RejectReason.WRONG_TYPE),
        reject(
            "custom as array",
            set(n -> n.putArray("custom").add("a").add("b")),
            RejectReason.WRONG_TYPE),
        reject(
            "custom value is an object",
            set(n -> n.putObject("custom").putObject("nested").put("a", 1)),
            RejectReason.WRONG_TYPE),
        reject(
            "custom value is null",
            set(n -> n.putObject("custom").putNull("a")),
            RejectReason.WRONG_TYPE),
        reject(
            "redirect_status as string",
            set(n -> n.put("redirect_status", "301")),
            RejectReason.WRONG_TYPE),
        reject(
            "redirect_status as float",
            set(n -> n.put("redirect_status", 301.0)),
            RejectReason.WRONG_TYPE),
        reject("link_id as number", set(n -> n.put("link_id", 42)), RejectReason.WRONG_TYPE),
        reject("ip as number", set(n -> n.put("ip", 3405803783L)), RejectReason.WRONG_TYPE),
        reject(
            "user_agent as object",
            set(n -> n.putObject("user_agent").put("name", "Chrome")),
            RejectReason.WRONG_TYPE),

        // Right type, impossible value.
        reject("ip 999.1.1.1", set(n -> n.put("ip", "999.1.1.1")), RejectReason.INVALID_FIELD),
        reject("ip example.com", set(n -> n.put("ip", "example.com")), RejectReason.INVALID_FIELD),
        // A resolver would accept this one: rejecting it shows names are not looked up.
        reject("ip localhost", set(n -> n.put("ip", "localhost")), RejectReason.INVALID_FIELD),
        reject("ip 1.2.3 (short form)", set(n -> n.put("ip", "1.2.3")), RejectReason.INVALID_FIELD),
        reject("ip 010.1.1.1", set(n -> n.put("ip", "010.1.1.1")), RejectReason.INVALID_FIELD),
        reject("ip 3232235777", set(n -> n.put("ip", "3232235777")), RejectReason.INVALID_FIELD),
        reject("ip x:1", set(n -> n.put("ip", "x:1")), RejectReason.INVALID_FIELD),
        reject(
            "ip with zone id", set(n -> n.put("ip", "fe80::1%eth0")), RejectReason.INVALID_FIELD),
        reject(
            "ip with port", set(n -> n.put("ip", "203.0.113.7:443")), RejectReason.INVALID_FIELD),
        reject("ip bracketed v6", set(n -> n.put("ip", "[::1]")), RejectReason.INVALID_FIELD),
        reject("ip 2001:db8::g", set(n -> n.put("ip", "2001:db8::g")), RejectReason.INVALID_FIELD),
        reject(
            "ip 1:2:3:4:5:6:7:8:9",
            set(n -> n.put("ip", "1:2:3:4:5:6:7:8:9")),
            RejectReason.INVALID_FIELD),
        reject("ip empty", set(n -> n.put("ip", "")), RejectReason.INVALID_FIELD),
        reject("country USA", set(n -> n.put("country", "USA")), RejectReason.INVALID_FIELD),
        reject("country D1", set(n -> n.put("country", "D1")), RejectReason.INVALID_FIELD),
        reject(
            "redirect_status 700",
            set(n -> n.put("redirect_status", 700)),
            RejectReason.INVALID_FIELD),
        reject(
            "redirect_status 99",
            set(n -> n.put("redirect_status", 99)),
            RejectReason.INVALID_FIELD),
        reject(
            "redirect_status -1",
            set(n -> n.put("redirect_status", -1)),
            RejectReason.INVALID_FIELD),
        reject(
            "redirect_status beyond an int",
            set(n -> n.put("redirect_status", 4_294_967_597L)),
            RejectReason.INVALID_FIELD),
        reject(
            "http_method \"get it\"",
            set(n -> n.put("http_method", "get it")),
            RejectReason.INVALID_FIELD),
        reject("http_method GE", set(n -> n.put("http_method", "GE")), RejectReason.INVALID_FIELD),
        reject(
            "event_id with a control character",
            set(n -> n.put("event_id", "evt-1\u0007")),
            RejectReason.INVALID_FIELD),
        reject(
            "event_id with a newline",
            set(n -> n.put("event_id", "evt\n1")),
            RejectReason.INVALID_FIELD),
        reject("event_id blank", set(n -> n.put("event_id", "   ")), RejectReason.INVALID_FIELD),
        reject("link_id empty", set(n -> n.put("link_id", "")), RejectReason.INVALID_FIELD),
        reject(
            "event_id longer than 128",
            set(n -> n.put("event_id", "e".repeat(129))),
            RejectReason.INVALID_FIELD),
        reject(
            "utm_source longer than 1024",
            set(n -> n.put("utm_source", "s".repeat(1025))),
            RejectReason.INVALID_FIELD),
        reject(
            "custom with 33 entries",
            set(
                n -> {
                  ObjectNode custom = n.putObject("custom");
                  for (int i = 0; i < 33; i++) {
                    custom.put("k" + i, "v");
                  }
                }),
            RejectReason.INVALID_FIELD),
        reject(
            "custom value longer than 256",
            set(n -> n.putObject("custom").put("k", "v".repeat(257))),
            RejectReason.INVALID_FIELD),
        reject(
            "custom key longer than 64",
            set(n -> n.putObject("custom").put("k".repeat(65), "v")),
            RejectReason.INVALID_FIELD),

        // URLs.
        reject(
            "short_url ftp://x/y",
            set(n -> n.put("short_url", "ftp://x/y")),
            RejectReason.INVALID_URL),
        reject(
            "short_url 'not a url'",
            set(n -> n.put("short_url", "not a url")),
            RejectReason.INVALID_URL),
        reject(
            "short_url http:///nohost",
            set(n -> n.put("short_url", "http:///nohost")),
            RejectReason.INVALID_URL),
        reject(
            "short_url relative", set(n -> n.put("short_url", "/abc")), RejectReason.INVALID_URL),
        reject(
            "short_url with user info and port but no host",
            set(n -> n.put("short_url", "https://user@:8443/abc")),
            RejectReason.INVALID_URL),
        reject(
            "short_url with an empty host label",
            set(n -> n.put("short_url", "https://my_links..example.com/abc")),
            RejectReason.INVALID_URL),
        reject(
            "destination_url ftp://x/y",
            set(n -> n.put("destination_url", "ftp://x/y")),
            RejectReason.INVALID_URL),
        reject(
            "destination_url 'not a url'",
            set(n -> n.put("destination_url", "not a url")),
            RejectReason.INVALID_URL),
        reject(
            "destination_url http:///nohost",
            set(n -> n.put("destination_url", "http:///nohost")),
            RejectReason.INVALID_URL),
        reject(
            "destination_url javascript:",
            set(n -> n.put("destination_url", "javascript:alert(1)")),
            RejectReason.INVALID_URL),
        reject(
            "destination_url with a space in the host",
            set(n -> n.put("destination_url", "https://exa mple.com/")),
            RejectReason.INVALID_URL),

        // Event time against the record timestamp.
        reject(
            "event_time 7 days + 1 ms before the record",
            set(n -> n.put("event_time", RECORD_TIME - Duration.ofDays(7).toMillis() - 1)),
            RejectReason.TIME_OUT_OF_RANGE),
        reject(
            "event_time 30 days before the record",
            set(n -> n.put("event_time", RECORD_TIME - Duration.ofDays(30).toMillis())),
            RejectReason.TIME_OUT_OF_RANGE),
        reject("event_time 0", set(n -> n.put("event_time", 0)), RejectReason.TIME_OUT_OF_RANGE),
        reject(
            "event_time in seconds instead of ms",
            set(n -> n.put("event_time", RECORD_TIME / 1000)),
            RejectReason.TIME_OUT_OF_RANGE),
        reject(
            "event_time 5 min + 1 ms after the record",
            set(n -> n.put("event_time", RECORD_TIME + Duration.ofMinutes(5).toMillis() + 1)),
            RejectReason.TIME_OUT_OF_RANGE),
        reject(
            "event_time in microseconds",
            set(n -> n.put("event_time", RECORD_TIME * 1000)),
            RejectReason.TIME_OUT_OF_RANGE));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejectedRecords")
  void rejectsWithReason(String description, byte[] payload, RejectReason expected) {
    ParseResult result = parser.parse(payload, RECORD_TIME);

    assertFalse(result.isValid(), () -> description + " was accepted: " + result);
    assertEquals(expected, result.rejection().reason(), () -> result.rejection().detail());
    assertFalse(result.rejection().detail().isBlank(), "the detail explains the rejection");
    assertThrows(IllegalStateException.class, result::event);
  }

  @Test
  void rejectionDetailNamesTheMissingField() {
    ParseResult result = parser.parse(without("destination_url"), RECORD_TIME);
    assertEquals("destination_url", result.rejection().detail());
  }

  @ParameterizedTest(name = "{0} levels")
  @ValueSource(ints = {1_001, 2_000, 5_000})
  void deeplyNestedJsonIsMalformedNotAnException(int depth) {
    String objects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
    String arrays = "[".repeat(depth) + "]".repeat(depth);
    String nestedCustom =
        MINIMAL_EVENT.replace(
            "\"ip\"", "\"custom\": " + "[".repeat(depth) + "]".repeat(depth) + ", \"ip\"");

    for (String payload : List.of(objects, arrays, nestedCustom)) {
      byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
      assertTrue(bytes.length <= 32 * 1024, "under the size limit, so the JSON parser sees it");
      ParseResult result = parser.parse(bytes, RECORD_TIME);
      assertEquals(RejectReason.MALFORMED_JSON, result.rejection().reason());
    }
  }

  @Test
  void recordOfExactlyTheLimitIsAccepted() {
    byte[] payload = padTo(MINIMAL_EVENT, 32 * 1024);
    assertEquals(32 * 1024, payload.length);
    assertTrue(parser.parse(payload, RECORD_TIME).isValid());
  }

  @Test
  void customLimitsApply() {
    ClickEventParser strict =
        new ClickEventParser(new ValidationLimits(1024, Duration.ofHours(1), Duration.ZERO));

    assertEquals(
        RejectReason.OVERSIZED,
        strict.parse(padTo(MINIMAL_EVENT, 1025), RECORD_TIME).rejection().reason());
    assertTrue(strict.parse(padTo(MINIMAL_EVENT, 1024), RECORD_TIME).isValid());
    assertEquals(
        RejectReason.TIME_OUT_OF_RANGE,
        strict
            .parse(set(n -> n.put("event_time", RECORD_TIME - 3_600_001)), RECORD_TIME)
            .rejection()
            .reason());
    assertEquals(
        RejectReason.TIME_OUT_OF_RANGE,
        strict
            .parse(set(n -> n.put("event_time", RECORD_TIME + 1)), RECORD_TIME)
            .rejection()
            .reason());
    assertTrue(strict.parse(set(n -> n.put("event_time", RECORD_TIME)), RECORD_TIME).isValid());
  }

  @ParameterizedTest(name = "event_time = record time {0} ms")
  @ValueSource(
      longs = {
        -7L * 24 * 3600 * 1000, // exactly the maximum age
        -24L * 3600 * 1000,
        0,
        5L * 60 * 1000 // exactly the maximum future skew
      })
  void eventTimeWithinBoundsIsAccepted(long offset) {
    ClickEvent e = parseValid(set(n -> n.put("event_time", RECORD_TIME + offset)));
    assertEquals(RECORD_TIME + offset, e.eventTime);
  }

  @Test
  void unknownRecordTimestampChecksAgainstTheCurrentTime() {
    long now = System.currentTimeMillis();
    byte[] recent = set(n -> n.put("event_time", now - 60_000));
    byte[] old = set(n -> n.put("event_time", now - Duration.ofDays(8).toMillis()));

    assertTrue(parser.parse(recent, -1).isValid());
    assertEquals(RejectReason.TIME_OUT_OF_RANGE, parser.parse(old, -1).rejection().reason());
    // The same old event is fine when the record itself is old (replay of a backlog).
    assertTrue(parser.parse(old, now - Duration.ofDays(8).toMillis()).isValid());
  }

  @Test
  void validationLimitsRejectNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidationLimits(1023, Duration.ofDays(1), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidationLimits(4096, Duration.ZERO, Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidationLimits(4096, Duration.ofDays(1), Duration.ofSeconds(-1)));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "MALFORMED_JSON,     malformed_json",
    "OVERSIZED,          oversized",
    "MISSING_FIELD,      missing_field",
    "WRONG_TYPE,         wrong_type",
    "INVALID_FIELD,      invalid_field",
    "INVALID_URL,        invalid_url",
    "TIME_OUT_OF_RANGE,  time_out_of_range",
    "DUPLICATE_CONFLICT, duplicate_conflict",
    "PROCESSING_ERROR,   processing_error",
  })
  void rejectReasonCodesAreStable(RejectReason reason, String code) {
    // Dashboards group dead letters by these codes.
    assertEquals(code, reason.code());
  }

  // ---------------------------------------------------------------- content hash

  @Test
  void contentHashIgnoresKeyOrderAndFormatting() throws Exception {
    ObjectNode original = (ObjectNode) JSON.readTree(FULL_EVENT);
    ObjectNode reversed = JsonNodeFactory.instance.objectNode();
    List<String> names = new ArrayList<>();
    original.fieldNames().forEachRemaining(names::add);
    Collections.reverse(names);
    for (String name : names) {
      reversed.set(name, original.get(name));
    }
    ObjectNode custom = JsonNodeFactory.instance.objectNode();
    List<String> customNames = new ArrayList<>();
    original.get("custom").fieldNames().forEachRemaining(customNames::add);
    Collections.reverse(customNames);
    for (String name : customNames) {
      custom.set(name, original.get("custom").get(name));
    }
    reversed.set("custom", custom);
    String compact = JSON.writeValueAsString(reversed);
    assertTrue(compact.startsWith("{\"custom\":{\"vip\""), compact);

    long hash = parseValid(FULL_EVENT).contentHash;
    assertEquals(hash, parseValid(compact).contentHash);
    assertEquals(
        hash,
        parseValid(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(reversed)).contentHash);
    // A second parser computes the same hash (it is not per-instance state).
    assertEquals(
        hash,
        new ClickEventParser(ValidationLimits.DEFAULTS)
            .parse(FULL_EVENT.getBytes(StandardCharsets.UTF_8), RECORD_TIME)
            .event()
            .contentHash);
  }

  @Test
  void contentHashIsTheSameForEquivalentSpellings() {
    long hash = parseValid(MINIMAL_EVENT).contentHash;
    // These normalize to the same event, so they are the same content.
    assertEquals(hash, parseValid(set(n -> n.put("http_method", "get"))).contentHash);
    assertEquals(hash, parseValid(set(n -> n.put("is_test", false))).contentHash);
    assertEquals(hash, parseValid(set(n -> n.put("link_domain", "go.example.com"))).contentHash);
    assertEquals(hash, parseValid(set(n -> n.put("link_domain", ""))).contentHash);
  }

  static Stream<Arguments> changedFields() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return Stream.of(
        Arguments.of("event_id", f.textNode("01JB7Q8X2K3M4N5P6R7S8T9V0X")),
        Arguments.of("event_time", f.numberNode(EVENT_TIME + 1)),
        Arguments.of("link_id", f.textNode("lnk_spring_sale2")),
        Arguments.of("short_url", f.textNode("https://cpl.ink/Spr1nG")),
        Arguments.of("destination_url", f.textNode("https://shop.example.com/sale?ref=cp&lang=en")),
        Arguments.of("link_domain", f.textNode("go.cpl.ink")),
        Arguments.of("utm_source", f.textNode("newsletter")),
        Arguments.of("utm_medium", f.textNode("Email")),
        Arguments.of("utm_campaign", f.textNode("Spring Sale 2027")),
        Arguments.of("utm_term", f.textNode("running shoe")),
        Arguments.of("utm_content", f.textNode("hero_banner ")),
        Arguments.of("campaign_id", f.textNode("cmp-43")),
        Arguments.of("campaign_owner", f.textNode("sales@example.com")),
        Arguments.of("channel", f.textNode("social")),
        Arguments.of("referrer", f.textNode("https://mail.google.com/mail/")),
        Arguments.of("user_agent", f.textNode(CHROME_UA.replace("124", "125"))),
        Arguments.of("ip", f.textNode("203.0.113.8")),
        Arguments.of("http_method", f.textNode("GET")),
        Arguments.of("redirect_status", f.numberNode(302)),
        Arguments.of("country", f.textNode("AT")),
        Arguments.of("is_test", f.booleanNode(false)),
        Arguments.of(
            "custom", f.objectNode().put("ab_variant", "A").put("score", 7).put("vip", true)),
        Arguments.of("custom", f.objectNode().put("ab_variant", "B").put("score", 7)),
        Arguments.of(
            "custom",
            f.objectNode().put("ab_variant", "B").put("score", 7).put("vip", true).put("x", "")),
        // Absent vs present.
        Arguments.of("utm_term", f.nullNode()),
        Arguments.of("redirect_status", f.nullNode()),
        Arguments.of("country", f.nullNode()),
        Arguments.of("referrer", f.textNode("")),
        Arguments.of("custom", f.nullNode()));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @MethodSource("changedFields")
  void anyChangedFieldChangesTheHash(String field, JsonNode newValue) throws Exception {
    ObjectNode changed = (ObjectNode) JSON.readTree(FULL_EVENT);
    changed.set(field, newValue);

    ClickEvent original = parseValid(FULL_EVENT);
    ClickEvent modified = parseValid(JSON.writeValueAsString(changed));

    assertNotEquals(original, modified, "the events themselves differ");
    assertNotEquals(original.contentHash, modified.contentHash);
  }

  /** Pairs of different events that an unframed concatenation of the fields would confuse. */
  static Stream<Arguments> collidingUnderNaiveHashing() {
    return Stream.of(
        Arguments.of(
            "custom value that looks like Map.toString of two entries",
            custom(n -> n.put("a", "b, c=d")),
            custom(n -> n.put("a", "b").put("c", "d"))),
        Arguments.of(
            "'=' moved between custom key and value",
            custom(n -> n.put("a=b", "c")),
            custom(n -> n.put("a", "b=c"))),
        Arguments.of(
            "separator characters inside values",
            set(n -> n.put("utm_term", "a").put("utm_content", "b\u001f\u0001c")),
            set(n -> n.put("utm_term", "a\u001f\u0001b").put("utm_content", "c"))),
        Arguments.of(
            "null marker inside a value",
            set(n -> n.put("utm_term", "a\u001f\u0001").putNull("utm_content")),
            set(n -> n.put("utm_term", "a").put("utm_content", "\u001f\u0000"))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("collidingUnderNaiveHashing")
  void fieldBoundariesAreUnambiguous(String description, byte[] a, byte[] b) {
    ClickEvent first = parseValid(a);
    ClickEvent second = parseValid(b);
    assertNotEquals(first, second, "the events themselves differ");
    assertNotEquals(first.contentHash, second.contentHash);
  }

  @Test
  void nullAndEmptyStringHashDifferently() {
    ClickEvent absent = parseValid(MINIMAL_EVENT);
    ClickEvent empty = parseValid(set(n -> n.put("utm_source", "")));
    assertNotEquals(absent.contentHash, empty.contentHash);
  }

  @Test
  void valuesMovedBetweenAdjacentFieldsHashDifferently() {
    ClickEvent a = parseValid(set(n -> n.put("utm_term", "ab").putNull("utm_content")));
    ClickEvent b = parseValid(set(n -> n.put("utm_term", "a").put("utm_content", "b")));
    ClickEvent c = parseValid(set(n -> n.putNull("utm_term").put("utm_content", "ab")));
    assertNotEquals(a.contentHash, b.contentHash);
    assertNotEquals(b.contentHash, c.contentHash);
    assertNotEquals(a.contentHash, c.contentHash);
  }

  /** custom.contact_id feeds the CRM signals: a CRM id passes, personal data is rejected. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      nullValues = "VALID",
      value = {
        "hs-contact-88412, VALID",
        "88412, VALID",
        "maria.jansen@acme.com, looks like an email address",
        "'+49 170 1234567', looks like a phone number",
        "'maria jansen', is not a short opaque id"
      })
  void customContactIdMustBeAnOpaqueId(String contactId, String problem) {
    ParseResult result = parser.parse(custom(n -> n.put("contact_id", contactId)), RECORD_TIME);
    if (problem == null) {
      assertEquals(contactId, result.event().custom.get("contact_id"));
    } else {
      assertEquals(RejectReason.INVALID_FIELD, result.rejection().reason());
      assertTrue(result.rejection().detail().startsWith("custom.contact_id " + problem));
      assertFalse(result.rejection().detail().contains(contactId), "the detail hides the value");
    }
  }

  // ---------------------------------------------------------------- helpers

  private ClickEvent parseValid(String json) {
    return parseValid(json.getBytes(StandardCharsets.UTF_8));
  }

  private ClickEvent parseValid(byte[] json) {
    ParseResult result = parser.parse(json, RECORD_TIME);
    assertTrue(result.isValid(), result::toString);
    assertThrows(IllegalStateException.class, result::rejection);
    return result.event();
  }

  private static Arguments reject(String description, Object payload, RejectReason reason) {
    byte[] bytes =
        payload instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) payload;
    return Arguments.of(description, bytes, reason);
  }

  /** The minimal event with a custom object. */
  private static byte[] custom(Consumer<ObjectNode> fill) {
    return set(n -> fill.accept(n.putObject("custom")));
  }

  /** The minimal event with one edit. */
  private static byte[] set(Consumer<ObjectNode> edit) {
    return with(MINIMAL_EVENT, edit).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] without(String field) {
    return set(n -> n.remove(field));
  }

  private static String with(String json, Consumer<ObjectNode> edit) {
    try {
      ObjectNode node = (ObjectNode) JSON.readTree(json);
      edit.accept(node);
      return JSON.writeValueAsString(node);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The full event with {@code bad} bytes in place of the utm_source value's first bytes. */
  private static byte[] invalidUtf8(byte[] bad) {
    byte[] bytes = FULL_EVENT.getBytes(StandardCharsets.UTF_8);
    int at = FULL_EVENT.indexOf("Newsletter");
    System.arraycopy(bad, 0, bytes, at, bad.length);
    return bytes;
  }

  /** The JSON followed by spaces up to exactly {@code size} bytes: still valid JSON. */
  private static byte[] padTo(String json, int size) {
    byte[] bytes = json.strip().getBytes(StandardCharsets.UTF_8);
    byte[] padded = Arrays.copyOf(bytes, size);
    Arrays.fill(padded, bytes.length, size, (byte) ' ');
    return padded;
  }
}
