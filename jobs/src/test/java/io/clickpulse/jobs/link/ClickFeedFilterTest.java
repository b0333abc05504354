package io.clickpulse.jobs.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Which clicks the click feed selects, and what a selected click becomes. */
class ClickFeedFilterTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static Stream<Arguments> selection() {
    String tagsOrIds = "{tags: [pricing], link-ids: [lnk-vip]}";
    return Stream.of(
        // section, link id, priority, tags, bot, test, selected
        Arguments.of(null, "lnk-1", "high", "", false, false, true),
        Arguments.of(null, "lnk-1", "normal", "", false, false, false),
        Arguments.of(null, "lnk-1", "", "", false, false, false),
        Arguments.of(null, "lnk-1", "high", "", true, false, false),
        Arguments.of(null, "lnk-1", "high", "", false, true, false),
        Arguments.of("{priority-at-least: normal}", "lnk-1", "normal", "", false, false, true),
        Arguments.of("{priority-at-least: normal}", "lnk-1", "high", "", false, false, true),
        Arguments.of("{priority-at-least: normal}", "lnk-1", "low", "", false, false, false),
        Arguments.of("{priority-at-least: LOW}", "lnk-1", "low", "", false, false, true),
        Arguments.of("{priority-at-least: low}", "lnk-1", "", "", false, false, false),
        Arguments.of(tagsOrIds, "lnk-1", "high", "", false, false, false),
        Arguments.of(tagsOrIds, "lnk-1", "", "winter,pricing", false, false, true),
        Arguments.of(tagsOrIds, "lnk-1", "", "Pricing", false, false, false),
        Arguments.of(tagsOrIds, "lnk-vip", "", "", false, false, true),
        Arguments.of(tagsOrIds, "lnk-vip", "", "", true, false, false),
        Arguments.of(tagsOrIds, "lnk-vip", "", "pricing", false, true, false),
        Arguments.of(
            "{priority-at-least: high, tags: [pricing]}",
            "lnk-1",
            "low",
            "pricing",
            false,
            false,
            true));
  }

  @ParameterizedTest
  @MethodSource("selection")
  void selectsHumanClicksOfPriorityTaggedOrListedLinks(
      String section,
      String linkId,
      String priority,
      String tags,
      boolean bot,
      boolean test,
      boolean selected)
      throws Exception {
    ClickFeedFilter filter = ClickFeedFilter.parse(section == null ? null : YAML.readTree(section));
    EnrichedClick c = click("c-1", linkId, priority, tags);
    c.isBot = bot;
    c.click.isTest = test;
    assertEquals(selected, filter.matches(c), filter + " " + linkId + " " + priority + " " + tags);
  }

  static Stream<Arguments> invalidSections() {
    return Stream.of(
        Arguments.of(
            "{priority-at-least: urgent}",
            "feed.priority-at-least must be one of [low, normal, high], was 'urgent'"),
        Arguments.of("{}", "feed: set at least one of priority-at-least, tags, link-ids"),
        Arguments.of("{tags: []}", "feed: set at least one of priority-at-least, tags, link-ids"),
        Arguments.of("{tags: [pricing, ' ']}", "feed.tags[1] is empty"),
        Arguments.of("{link-ids: ['']}", "feed.link-ids[0] is empty"),
        Arguments.of("{priority: high}", "feed: Unrecognized field \"priority\""));
  }

  @ParameterizedTest
  @MethodSource("invalidSections")
  void anInvalidSectionFailsNamingTheKey(String section, String message) throws Exception {
    JsonNode node = YAML.readTree(section);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ClickFeedFilter.parse(node));
    assertEquals(true, e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void aSelectedClickBecomesAnItemWithoutIpUserAgentOrVisitorHash() {
    EnrichedClick c = click("evt-42", "lnk-1", "high", "pricing,winter");
    List<ClickFeedItem> out = new ArrayList<>();
    new ClickFeed.Select(ClickFeedFilter.DEFAULT)
        .flatMap(
            c,
            new Collector<>() {
              @Override
              public void collect(ClickFeedItem record) {
                out.add(record);
              }

              @Override
              public void close() {}
            });
    assertEquals(1, out.size());
    JsonNode json = Json.MAPPER.valueToTree(out.get(0));
    JsonSchemas.assertValid(CLICK_FEED, json);
    assertEquals("evt-42", json.get("id").asText(), "the click's event id is the item's id");
    assertEquals("2026-11-21T10:15:03.120Z", json.get("clicked_at").asText());
    assertEquals("Spring sale", json.get("campaign_name").asText());
    assertEquals("hs-1", json.get("contact_id").asText());
    assertEquals("[\"pricing\",\"winter\"]", json.get("link_tags").toString());
    assertEquals("NL", json.get("country").asText());
    assertEquals("news.example", json.get("referrer_domain").asText());
    String text = json.toString();
    for (String secret : List.of("203.0.113.9", "Mozilla", "987654321", "203.0.113.0/24")) {
      assertEquals(false, text.contains(secret), secret + " leaked into " + text);
    }
  }

  static final String CLICK_FEED = "https://clickpulse.io/schemas/click-feed.schema.json";

  static EnrichedClick click(String id, String linkId, String priority, String tags) {
    ClickEvent e = new ClickEvent();
    e.eventId = id;
    e.eventTime = java.time.Instant.parse("2026-11-21T10:15:03.120Z").toEpochMilli();
    e.linkId = linkId;
    e.shortUrl = "https://acme.link/" + linkId;
    e.campaignId = "cmp-spring";
    e.country = "NL";
    e.userAgent = "Mozilla/5.0";
    e.referrer = "https://news.example/story?id=1";
    EnrichedClick c = new EnrichedClick();
    c.click = e;
    c.utmSource = "newsletter";
    c.utmMedium = "email";
    c.utmCampaign = "spring";
    c.channel = "email";
    c.deviceClass = "mobile";
    c.browser = "Safari";
    c.os = "iOS";
    c.referrerDomain = "news.example";
    c.visitorId = 987654321L;
    c.ipHash = 123L;
    c.ipNetwork = "203.0.113.0/24";
    c.campaignName = "Spring sale";
    c.linkPriority = priority;
    c.linkTags = tags.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(tags.split(",")));
    c.contactId = "hs-1";
    c.isBot = false;
    c.botReason = "";
    return c;
  }
}
