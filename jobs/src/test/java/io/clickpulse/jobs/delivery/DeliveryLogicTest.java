package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.jobs.alert.Alert;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The plain logic of delivery: outcomes, backoff, outbound policy, Slack limits, routing, config.
 */
class DeliveryLogicTest {

  @ParameterizedTest(name = "HTTP {0} -> {1}")
  @CsvSource({
    "200, DELIVERED",
    "204, DELIVERED",
    "408, RETRY",
    "429, RETRY",
    "500, RETRY",
    "503, RETRY",
    "0, RETRY",
    "-1, FAILED",
    "400, FAILED",
    "401, FAILED",
    "404, FAILED",
    "410, GONE"
  })
  void classifiesResponses(int status, RetrySchedule.Outcome outcome) {
    assertEquals(outcome, RetrySchedule.classify(status));
  }

  @Test
  void backoffFollowsTheScheduleWithinTheJitterAndHonoursRetryAfter() {
    RetrySchedule s =
        new RetrySchedule(List.of(Duration.ofSeconds(2), Duration.ofSeconds(10)), 0.2);
    assertEquals(3, s.maxAttempts());
    assertEquals(Duration.ofMillis(1600), s.next(1, 0.0, null));
    assertEquals(Duration.ofMillis(2400), s.next(1, 1.0, null));
    assertEquals(Duration.ofSeconds(10), s.next(2, 0.5, null));
    assertEquals(Duration.ofSeconds(60), s.next(1, 0.5, Duration.ofSeconds(60)));
    assertNull(s.next(3, 0.5, null), "no retry after the last attempt");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://93.184.216.34/hook, ok",
    "http://93.184.216.34/hook, only https",
    "https://10.1.2.3/hook, internal address",
    "https://192.168.0.10/hook, internal address",
    "https://169.254.169.254/latest/meta-data, internal address",
    "https://127.0.0.1/hook, internal address",
    "https://[::1]/hook, internal address",
    "https://[fd12::1]/hook, internal address",
    "https://100.64.0.1/hook, internal address",
    "http://127.0.0.2:8080/hook, ok",
    "ftp://93.184.216.34/x, only https",
    "not a url, not a valid URL",
  })
  void outboundPolicyRefusesPlainHttpAndInternalAddressesUnlessAllowed(
      String url, String expected) {
    OutboundPolicy policy = new OutboundPolicy(Set.of("127.0.0.2"));
    if (expected.equals("ok")) {
      policy.check(url);
    } else {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> policy.check(url));
      assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
  }

  @Test
  void slackMessageStaysWithinSlackLimitsAndEscapesUserText() throws Exception {
    Alert a = DeliverNotificationsTest.notification("slack", "a1").alert;
    a.reason = "<!channel> " + "x".repeat(5000);
    a.subjectId = "l".repeat(400);
    a.evidence.put("top_referrers", "<https://evil.example|click me>");
    a.dashboardUrl = "https://grafana.example/d/clickpulse-link?var-link=l1";
    JsonNode m = new ObjectMapper().readTree(Messages.slack(a));

    assertTrue(m.get("blocks").size() <= 50);
    assertTrue(m.get("blocks").get(0).get("text").get("text").asText().length() <= 150);
    String section = m.get("blocks").get(1).get("text").get("text").asText();
    assertTrue(section.length() <= 3000);
    assertTrue(section.startsWith("&lt;!channel&gt;"), section);
    assertTrue(m.get("text").asText().length() <= 3000);
    assertTrue(m.toString().contains("&lt;https://evil.example|click me&gt;"));
    assertEquals(
        "Open dashboard",
        m.get("blocks").get(4).get("elements").get(0).get("text").get("text").asText());
  }

  @Test
  void routesMatchOnEveryListedCriterion() {
    DeliveryConfig c =
        config(
            "destinations:\n  s: { type: slack, url: 'https://93.184.216.34/s' }\n"
                + "  w: { type: webhook, url: 'https://93.184.216.34/w', secrets-env: S }\n"
                + "routes:\n  - { match: { severity: [critical] }, to: [s, w] }\n"
                + "  - { match: { rule: [spike], campaign: [c1] }, to: [s] }\n",
            Map.of("S", "whsec_" + "A".repeat(44)));
    Alert a = DeliverNotificationsTest.notification("s", "a1").alert;
    assertEquals(List.of("s"), c.route(a));
    a.campaignId = "c2";
    assertEquals(List.of(), c.route(a));
    a.severity = "critical";
    assertEquals(List.of("s", "w"), c.route(a));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'destinations: { s: { type: slack, url-env: NOPE } }' | environment variable NOPE (url) is not set",
        "'destinations: { w: { type: webhook, url: ''https://93.184.216.34/w'' } }' | a webhook needs signing secrets",
        "'destinations: { w: { type: webhook, url: ''https://93.184.216.34/w'', secrets-env: BAD } }' | must start with 'whsec_'",
        "'destinations: { s: { type: slack, url: ''http://93.184.216.34/s'' } }' | only https",
        "'destinations: { s: { type: pager, url: ''https://93.184.216.34/s'' } }' | type must be slack, webhook or email",
        "'routes: [ { to: [nowhere] } ]' | unknown destination 'nowhere'",
        "'routes: [ { match: { colour: [red] }, to: [] } ]' | unknown key 'colour'",
        "'grouping: { group-wait: soon }' | grouping.group-wait is not a duration",
        "'retry: { jitter: 2 }' | retry.jitter must be between 0 and 1",
        "'retry: { max-wait: soon }' | retry.max-wait is not a duration like '30 s': 'soon'",
        "'retry: { max-wait: ''-1 s'' }' | retry.max-wait is not a duration like '30 s': '-1 s'",
      })
  void invalidConfigFailsAtStartNamingTheSettingNotTheSecret(String yaml, String message) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> config(yaml, Map.of("BAD", "hunter2-secret")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(!e.getMessage().contains("hunter2"), e.getMessage());
  }

  private static DeliveryConfig config(String yaml, Map<String, String> env) {
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env::get);
  }
}
