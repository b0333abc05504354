package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ParseResult;
import io.clickpulse.udf.event.ValidationLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

class ClickEnricherTest {
  private static final String SECRET = "enricher-test-secret-0123456789abcdef";
  private static final long RECORD_TIME = 1_760_000_000_000L;
  private static final String IPHONE_SAFARI =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
          + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";
  private static final String SLACKBOT =
      "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)";

  private static UserAgentClassifier userAgents;
  private static ClickEnricher enricher;

  @BeforeAll
  static void build() {
    userAgents = new UserAgentClassifier();
    enricher = new ClickEnricher(UtmTaxonomy.bundled(), userAgents, SECRET);
  }

  /** A click as it arrives on clicks.raw, through the real parser. */
  private static ClickEvent click(String userAgent, String method, String ip) {
    String json =
        """
        {
          "event_id": "01JB7Q8X2K3M4N5P6R7S8T9V0W",
          "event_time": %d,
          "link_id": "lnk_spring_sale",
          "short_url": "https://cpl.ink/Spr1ng",
          "destination_url": "https://shop.example.com/sale",
          "utm_source": "www.YouTube.com ",
          "utm_medium": "Paid%%20Social",
          "utm_campaign": "  Spring  SALE%%202026 ",
          "utm_term": "Running+Shoes",
          "utm_content": "Hero_Banner",
          "channel": "Influencers",
          "referrer": "https://l.facebook.com/l.php?u=https%%3A%%2F%%2Fcpl.ink%%2FSpr1ng",
          "user_agent": "%s",
          "http_method": "%s",
          "ip": "%s",
          "country": "de"
        }
        """
            .formatted(RECORD_TIME - 5_000, userAgent, method, ip);
    ParseResult result =
        new ClickEventParser(ValidationLimits.DEFAULTS)
            .parse(json.getBytes(StandardCharsets.UTF_8), RECORD_TIME);
    return result.event();
  }

  @Test
  void enrichesAHumanClick() {
    ClickEvent event = click(IPHONE_SAFARI, "GET", "203.0.113.7");
    long contentHash = event.contentHash;
    IpPrivacy privacy = new IpPrivacy(SECRET);

    EnrichedClick out = enricher.enrich(event);

    assertAll(
        // The raw address never leaves enrichment; what replaces it is set.
        () -> assertNull(out.click.ip),
        () -> assertSame(event, out.click),
        () -> assertEquals("203.0.113.0/24", out.ipNetwork),
        () -> assertEquals(privacy.ipHash("203.0.113.7"), out.ipHash),
        () -> assertEquals(privacy.visitorId("203.0.113.7", IPHONE_SAFARI), out.visitorId),
        // UTM values normalized, raw values untouched on the event.
        () -> assertEquals("youtube", out.utmSource),
        () -> assertEquals("paid_social", out.utmMedium),
        () -> assertEquals("spring sale 2026", out.utmCampaign),
        () -> assertEquals("running+shoes", out.utmTerm, "no '%': already decoded"),
        () -> assertEquals("hero_banner", out.utmContent),
        () -> assertEquals("influencers", out.channel),
        () -> assertEquals(List.of("channel"), out.utmUnknown),
        () -> assertEquals(UtmTaxonomy.bundled().version(), out.taxonomyVersion),
        () -> assertEquals("www.YouTube.com ", out.click.utmSource),
        () -> assertEquals("Paid%20Social", out.click.utmMedium),
        () -> assertEquals("  Spring  SALE%202026 ", out.click.utmCampaign),
        () -> assertEquals("Running+Shoes", out.click.utmTerm),
        () -> assertEquals("Influencers", out.click.channel),
        // Client.
        () -> assertFalse(out.isBot),
        () -> assertEquals("", out.botReason),
        () -> assertEquals("phone", out.deviceClass),
        () -> assertEquals("Safari", out.browser),
        () -> assertEquals("17", out.browserVersion),
        () -> assertEquals("iOS", out.os),
        () -> assertEquals("l.facebook.com", out.referrerDomain),
        // The rest of the event is as parsed.
        () -> assertEquals(IPHONE_SAFARI, out.click.userAgent),
        () -> assertEquals("DE", out.click.country),
        () -> assertEquals(contentHash, out.click.contentHash));
  }

  @Test
  void flagsABotWithItsReasonAndDeviceClassBot() {
    EnrichedClick out =
        enricher.enrich(click(SLACKBOT, "GET", "2001:db8:85a3:8d3:1319:8a2e:370:7348"));

    assertTrue(out.isBot);
    assertEquals("link_preview", out.botReason);
    assertEquals("bot", out.deviceClass);
    assertEquals("Slackbot-LinkExpanding", out.browser);
    assertNull(out.click.ip);
    assertEquals("2001:db8:85a3::/48", out.ipNetwork);
  }

  @ParameterizedTest(name = "{1} {0} -> {2}/{3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|HEAD|head_request|bot
          Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36|GET|headless_browser|bot
          Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|GET|crawler|bot
          facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)|GET|link_preview|bot
          Mozilla/5.0 (compatible; Google-Structured-Data-Testing-Tool +http://developers.google.com/structured-data/testing-tool/)|GET|crawler|bot
          Misskey/2024.5.0 (https://misskey.io)|GET|link_preview|bot
          Mozilla/5.0 (Linux; Android 11; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36|GET|''|phone
          Links (2.29; Linux 6.1.0-18-amd64 x86_64; GNU C 12.2; text)|GET|''|desktop
          Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1|GET|''|tablet
          Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|GET|''|desktop
          """)
  void deviceClassIsBotForEveryBot(String ua, String method, String reason, String device) {
    EnrichedClick out = enricher.enrich(click(ua, method, "198.51.100.23"));
    assertEquals(reason, out.botReason);
    assertEquals(!reason.isEmpty(), out.isBot);
    assertEquals(device, out.deviceClass);
  }

  /** Whatever the rules say, a client YAUAA calls a robot is never counted as a human. */
  @ParameterizedTest(name = "{0}: {5}")
  @CsvFileSource(
      resources = UserAgentClassifierTest.TABLE,
      delimiter = '|',
      maxCharsPerColumn = 1024)
  void robotDeviceClassIsAlwaysABot(
      String botReason,
      String deviceClass,
      String browser,
      String version,
      String os,
      String userAgent) {
    EnrichedClick out = enricher.enrich(click(userAgent, "GET", "198.51.100.23"));
    assertEquals(!botReason.equals("human"), out.isBot);
    if (deviceClass.equals("bot")) {
      assertTrue(out.isBot, "YAUAA says robot");
    }
    assertEquals(out.isBot ? "bot" : deviceClass, out.deviceClass);
  }

  /** The enricher caches what a user agent says; the request method must still count per click. */
  @Test
  void cachedUserAgentStillTakesEachClicksMethod() {
    ClickEnricher fresh = new ClickEnricher(UtmTaxonomy.bundled(), userAgents, SECRET);
    List<String> reasons =
        List.of("GET", "HEAD", "GET", "head").stream()
            .map(method -> fresh.enrich(click(IPHONE_SAFARI, method, "198.51.100.23")).botReason)
            .toList();
    assertEquals(List.of("", "head_request", "", "head_request"), reasons);
  }

  @Test
  void missingOptionalFieldsGiveEmptyValuesAndUnknownChannel() {
    ClickEvent event = new ClickEvent();
    event.eventId = "e";
    event.ip = "::1";
    event.httpMethod = "GET";

    EnrichedClick out = enricher.enrich(event);

    assertEquals("", out.utmSource);
    assertEquals("", out.utmMedium);
    assertEquals("", out.utmCampaign);
    assertEquals("unknown", out.channel);
    assertEquals(List.of(), out.utmUnknown);
    assertEquals("", out.referrerDomain);
    assertTrue(out.isBot);
    assertEquals("empty_user_agent", out.botReason);
    assertEquals("bot", out.deviceClass);
    assertEquals("unknown", out.browser);
    assertEquals("::/48", out.ipNetwork);
    assertEquals(new IpPrivacy(SECRET).ipHash("0:0:0:0:0:0:0:1"), out.ipHash);
    assertNull(out.click.ip);
  }

  @Test
  void shortSecretIsRejectedAtConstruction() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ClickEnricher(UtmTaxonomy.bundled(), userAgents, "too-short"));
    assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
  }
}
