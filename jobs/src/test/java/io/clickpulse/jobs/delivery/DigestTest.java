package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A scheduled period's digest in every format: its period, and the conversion sections. */
class DigestTest {
  private static final DigestPeriod BERLIN =
      new DigestPeriod(
          Instant.parse("2026-12-05T08:00:00Z"),
          Instant.parse("2026-12-06T08:00:00Z"),
          ZoneId.of("Europe/Berlin"));
  private static final Digest DIGEST =
      new Digest(
          BERLIN,
          List.of("go.shop.example/spring (Spring sale): 20 human clicks"),
          List.of(),
          List.of(),
          List.of("l4 (c4)"),
          List.of("3 conversions from 39 human clicks (7.7 %)", "Revenue: 120.50 EUR, 30.00 USD"),
          List.of("Spring sale: 2 conversions", "<b>c2</b>: 1 conversion"));

  @Test
  void slackShowsThePeriodAndEverySectionEscaped() throws Exception {
    JsonNode slack = Json.MAPPER.readTree(DIGEST.slack());
    String label = "2026-12-05 09:00 to 2026-12-06 09:00 (Europe/Berlin)";
    assertEquals("ClickPulse digest for " + label, slack.get("text").asText());
    String text = slack.get("blocks").toString();
    assertTrue(text.contains("*Conversions*\\n• 3 conversions from 39 human clicks (7.7 %)"), text);
    assertTrue(
        text.contains("*Top campaigns by conversions*\\n• Spring sale: 2 conversions"), text);
    assertTrue(text.contains("&lt;b&gt;c2&lt;/b&gt;: 1 conversion"), text);
  }

  @Test
  void theWebhookCarriesThePeriodAndTheConversionLists() throws Exception {
    JsonNode body = Json.MAPPER.readTree(DIGEST.webhook(0));
    JsonNode data = body.get("data");
    assertEquals("2026-12-05T08:00:00Z", data.get("period_start").asText());
    assertEquals("2026-12-06T08:00:00Z", data.get("period_end").asText());
    assertEquals("Europe/Berlin", data.get("time_zone").asText());
    assertEquals("Revenue: 120.50 EUR, 30.00 USD", data.get("conversions").get(1).asText());
    assertEquals("Spring sale: 2 conversions", data.get("top_campaigns").get(0).asText());
  }

  @Test
  void theEmailListsTheConversionSectionsAndADayDigestWithoutThemHasNone() {
    EmailMessages.Email email = EmailMessages.of(DIGEST);
    assertEquals(
        "[ClickPulse] Daily digest for 2026-12-05 09:00 to 2026-12-06 09:00 (Europe/Berlin)",
        email.subject());
    assertTrue(
        email.text().contains("Top campaigns by conversions\n- Spring sale: 2 conversions\n"),
        email.text());
    assertTrue(email.html().contains("<li>&lt;b&gt;c2&lt;/b&gt;: 1 conversion</li>"), email.html());
    Digest day =
        new Digest(LocalDate.parse("2026-11-21"), List.of(), List.of(), List.of(), List.of());
    assertFalse(EmailMessages.of(day).text().contains("Conversions"));
  }
}
