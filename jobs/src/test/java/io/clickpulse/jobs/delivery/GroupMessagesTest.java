package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Group notifications as Slack messages (within Slack's limits) and as schema-valid webhooks. */
class GroupMessagesTest {
  @Test
  void aLargeGroupListsWhatSlackAllowsAndCountsTheRest() throws Exception {
    GroupNotice g = group(60, 15);
    g.alerts.get(0).reason = "<!channel> " + "x".repeat(5000);
    JsonNode m = Json.MAPPER.readTree(GroupMessages.slack(g));

    JsonNode blocks = m.get("blocks");
    assertTrue(blocks.size() <= 50, blocks.size() + " blocks");
    assertEquals("header", blocks.get(0).get("type").asText());
    String header = blocks.get(0).get("text").get("text").asText();
    assertTrue(header.length() <= 150, header);
    assertTrue(header.startsWith("🟠 75 alerts firing: rule drop, campaign id c1"), header);
    int sections = 0;
    for (JsonNode b : blocks) {
      if (b.get("type").asText().equals("section")) {
        sections++;
        assertTrue(b.get("text").get("text").asText().length() <= 3000);
      }
    }
    assertEquals(GroupMessages.SLACK_ALERTS_MAX, sections);
    String first = blocks.get(2).get("text").get("text").asText();
    assertTrue(first.contains("&lt;!channel&gt;"), "user text escaped");
    assertTrue(first.endsWith("…"), "cut to the section limit");
    String more = blocks.get(blocks.size() - 1).get("elements").get(0).get("text").asText();
    assertEquals("…and " + (60 - GroupMessages.SLACK_ALERTS_MAX + 15) + " more", more);
    assertTrue(m.get("text").asText().length() <= 3000);
  }

  @Test
  void aGroupOfOneReadsAsThatAlertsOwnMessage() {
    GroupNotice g = group(1, 0);
    assertEquals(Messages.slack(g.alerts.get(0)), GroupMessages.slack(g));
  }

  @Test
  void theWebhookBodyIsTheGroupAsTheSchemaDescribesIt() throws Exception {
    GroupNotice g = group(3, 2);
    g.status = "resolved";
    g.firingAlerts = 0;
    String body = GroupMessages.webhook(g, "ops-hook", 1_764_000_000_000L);
    JsonSchemas.assertValidWebhookBody(body);
    JsonNode j = Json.MAPPER.readTree(body);
    assertEquals("alert_group.resolved", j.get("type").asText());
    assertEquals("2025-11-24T16:00:00Z", j.get("timestamp").asText());
    JsonNode data = j.get("data");
    assertEquals("1", data.get("version").asText());
    assertEquals("ops-hook", data.get("receiver").asText());
    assertEquals(g.groupKey, data.get("group_key").asText());
    assertEquals(
        Map.of("rule", "drop", "campaign_id", "c1"),
        Json.MAPPER.convertValue(data.get("group_labels"), Map.class));
    assertEquals(3, data.get("alerts").size());
    assertEquals("l2", data.get("alerts").get(2).get("link_id").asText());
    assertEquals(2, data.get("truncated_alerts").asLong());
  }

  @Test
  void theSchemaRejectsABodyThatBreaksIt() {
    String body = GroupMessages.webhook(group(1, 0), "ops-hook", 0).replace("\"firing\"", "\"on\"");
    assertTrue(!JsonSchemas.errors(JsonSchemas.WEBHOOK, body).isEmpty(), body);
  }

  @Test
  void theFallbackTextOfAGroupEscapesItsLabels() throws Exception {
    GroupNotice g = group(2, 0);
    g.labels.put("campaign_id", "<!channel> & <https://evil.example|win>");
    String text = Json.MAPPER.readTree(GroupMessages.slack(g)).get("text").asText();
    assertEquals(
        "🟠 2 alerts firing: rule drop, campaign id &lt;!channel&gt; &amp;"
            + " &lt;https://evil.example|win&gt;",
        text);
  }

  @Test
  void eachListedAlertCarriesTheFactsOfItsOwnMessage() throws Exception {
    GroupNotice g = group(2, 0);
    for (int i = 0; i < 2; i++) {
      g.alerts.get(i).context = context("l" + i);
    }
    JsonNode blocks = Json.MAPPER.readTree(GroupMessages.slack(g)).get("blocks");
    List<String> sections = new ArrayList<>();
    blocks.forEach(
        b -> {
          if (b.get("type").asText().equals("section")) {
            sections.add(b.get("text").get("text").asText());
          }
        });
    assertEquals(2, sections.size());
    for (int i = 0; i < 2; i++) {
      String section = sections.get(i);
      String id = "l" + i;
      for (String fact :
          List.of(
              "*Link*: " + id + " https://sho.rt/" + id + " → https://shop.example/" + id,
              "*Campaign*: Spring sale (c1)",
              "*UTM*: newsletter / email / spring",
              "*Clicks*: 120 (75% human, baseline 12/min)",
              "*Referrers*: news-" + id + ".example=40",
              "*Countries*: DE=70",
              "<https://grafana.example/d/x?var-link=" + id + "|dashboard>")) {
        assertTrue(section.contains(fact), fact + " in:\n" + section);
      }
    }
  }

  /** What an alert on link {@code id} knows of its window: 120 clicks, 90 of them human. */
  static AlertContext context(String id) {
    AlertContext c = new AlertContext();
    c.shortUrl = "https://sho.rt/" + id;
    c.destinationUrl = "https://shop.example/" + id;
    c.campaignName = "Spring sale";
    c.utmSource = "newsletter";
    c.utmMedium = "email";
    c.utmCampaign = "spring";
    c.clicks = 120;
    c.humanClicks = 90;
    c.humanShare = 0.75;
    c.baseline = 12;
    c.topReferrers.add(new AlertContext.Count("news-" + id + ".example", 40));
    c.topCountries.add(new AlertContext.Count("DE", 70));
    return c;
  }

  private static GroupNotice group(int listed, long truncated) {
    GroupNotice g = new GroupNotice();
    g.groupKey = "0:{rule=\"drop\",campaign_id=\"c1\"}";
    g.status = "firing";
    g.labels = new java.util.LinkedHashMap<>(Map.of("rule", "drop"));
    g.labels.put("campaign_id", "c1");
    List<Alert> alerts = new ArrayList<>();
    for (int i = 0; i < listed; i++) {
      alerts.add(GroupNotificationsTest.alert("drop", "l" + i, "c1", "firing", 0));
    }
    g.alerts = alerts;
    g.truncatedAlerts = truncated;
    g.firingAlerts = listed + truncated;
    return g;
  }
}
