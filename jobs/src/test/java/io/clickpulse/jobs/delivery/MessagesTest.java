package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an alert's Slack message and webhook payload say about its context. */
class MessagesTest {
  private static final long T0 = 1_795_000_000_000L - 1_795_000_000_000L % 86_400_000L;

  @Test
  void aCampaignSpikeShowsItsTopLinksNotAnEmptyLink() throws Exception {
    Alert a = alert("spike", "info", "campaign", "spring-sale");
    a.linkId = "";
    a.context.utmCampaign = "spring";
    a.context.clicks = 420;
    a.context.humanClicks = 399;
    a.context.humanShare = 0.95;
    a.context.baseline = 12.5;
    a.context.topLinks =
        List.of(link("l1", "https://sho.rt/a", 300), link("l2", "https://sho.rt/b", 120));
    a.context.topReferrers = List.of(new AlertContext.Count("google.com", 250));
    a.context.topCountries =
        List.of(new AlertContext.Count("DE", 400), new AlertContext.Count("AT", 20));

    Map<String, String> facts = facts(a);
    JsonNode slack = Json.MAPPER.readTree(Messages.slack(a));

    assertFalse(facts.containsKey("Link"), facts.toString());
    assertEquals(
        "l1 https://sho.rt/a: 300 (newsletter / email)\nl2 https://sho.rt/b: 120 (newsletter / email)",
        facts.get("Top links"));
    assertEquals("spring", facts.get("UTM"));
    assertEquals("420 (95% human, baseline 12.5/min)", facts.get("Clicks"));
    assertFalse(slack.toString().contains("*Link*\\n-"), slack.toString());
    String context = slack.get("blocks").get(3).get("elements").get(0).get("text").asText();
    assertTrue(
        context.startsWith("*Referrers*: google.com=250   *Countries*: DE=400, AT=20"), context);
    assertFalse(context.contains("top_referrers"), "shown once: " + context);
    JsonSchemas.assertValidWebhookBody(Messages.webhook(a, T0));
  }

  @Test
  void aCampaignThatDroppedToZeroSaysSoInsteadOfAnEmptyLink() throws Exception {
    Alert a = alert("drop", "warning", "campaign", "spring-sale");
    a.observed = 0;

    Map<String, String> facts = facts(a);

    assertEquals("none clicked in the window", facts.get("Top links"));
    assertFalse(facts.containsKey("Link"), facts.toString());
    JsonSchemas.assertValidWebhookBody(Messages.webhook(a, T0));
  }

  @Test
  void aBrokenRedirectNamesTheDestinationStatusesAndFailingShare() throws Exception {
    Alert a = alert("broken_redirect", "critical", "link", "l1");
    a.context.shortUrl = "https://sho.rt/a";
    a.context.destinationUrl = "https://shop.example/<sale>";
    a.context.linkDomain = "sho.rt";
    a.context.channel = "email";
    a.context.utmSource = "newsletter";
    a.context.utmMedium = "email";
    a.context.utmCampaign = "spring";
    a.context.clicks = 30;
    a.context.humanClicks = 30;
    a.context.humanShare = 1;
    a.context.failingClicks = 9;
    a.context.failingShare = 0.3;
    a.context.statusCodes =
        List.of(new AlertContext.StatusCount(502, 7), new AlertContext.StatusCount(404, 2));
    a.context.failingDestinations =
        List.of(new AlertContext.Count("https://shop.example/<sale>", 9));

    Map<String, String> facts = facts(a);
    String slack = Messages.slack(a);

    assertEquals("l1 https://sho.rt/a → https://shop.example/<sale>", facts.get("Link"));
    assertEquals("newsletter / email / spring · email", facts.get("UTM"));
    assertEquals(
        "9 of 30 clicks (30%): 502=7, 404=2 → https://shop.example/<sale>", facts.get("Failing"));
    assertTrue(slack.contains("https://shop.example/&lt;sale&gt;"), "escaped: " + slack);
    assertFalse(slack.contains("<sale>"), slack);
    JsonSchemas.assertValidWebhookBody(Messages.webhook(a, T0));
  }

  @Test
  void factsStayWithinSlacksFieldLimits() throws Exception {
    Alert a = alert("spike", "info", "campaign", "c1");
    a.context.clicks = 10;
    a.context.failingClicks = 1;
    a.context.utmSource = "x".repeat(5000);
    a.context.topLinks =
        List.of(
            link("l".repeat(900), "https://sho.rt/" + "a".repeat(900), 5),
            link("m".repeat(900), "https://sho.rt/" + "b".repeat(900), 5));

    JsonNode fields = Json.MAPPER.readTree(Messages.slack(a)).get("blocks").get(2).get("fields");

    assertTrue(fields.size() <= Messages.FIELDS_MAX, fields.toString());
    for (JsonNode f : fields) {
      assertTrue(f.get("text").asText().length() <= Messages.FIELD_MAX);
    }
  }

  @Test
  void anAlertWithoutContextStillRendersAsBefore() throws Exception {
    Alert a = alert("bot_burst", "warning", "client", "c0ffee");
    a.linkId = "l7";
    a.context = new AlertContext();

    Map<String, String> facts = facts(a);

    assertEquals("l7", facts.get("Link"));
    assertFalse(facts.containsKey("Clicks"));
    assertFalse(facts.containsKey("Failing"));
    JsonSchemas.assertValidWebhookBody(Messages.webhook(a, T0));
  }

  private static Map<String, String> facts(Alert a) {
    Map<String, String> facts = new LinkedHashMap<>();
    Messages.facts(a).forEach(f -> facts.put(f[0], f[1]));
    return facts;
  }

  private static AlertContext.LinkCount link(String id, String shortUrl, long clicks) {
    AlertContext.LinkCount l = new AlertContext.LinkCount();
    l.linkId = id;
    l.shortUrl = shortUrl;
    l.destinationUrl = "https://shop.example/" + id;
    l.channel = "email";
    l.utmSource = "newsletter";
    l.utmMedium = "email";
    l.clicks = clicks;
    return l;
  }

  private static Alert alert(String rule, String severity, String subjectType, String subjectId) {
    Alert a = new Alert();
    a.rule = rule;
    a.severity = severity;
    a.status = "firing";
    a.subjectType = subjectType;
    a.subjectId = subjectId;
    a.linkId = subjectType.equals("link") ? subjectId : "";
    a.campaignId = "spring-sale";
    a.owner = "ana@shop.example";
    a.windowStart = T0;
    a.windowEnd = T0 + 120_000;
    a.observed = 300;
    a.expected = 12.5;
    a.reason = subjectType + " " + subjectId + ": " + rule;
    a.evidence.put("top_referrers", "google.com=120");
    a.evidence.put("minutes", "2");
    return AlertIds.identify(a, "https://grafana.example/d/x?var-subject={subject_id}");
  }
}
