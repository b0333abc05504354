package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.json.Json;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ticket templates and settings: plain tables of requests, answers and config problems. */
class TicketTemplateTest {
  private static final long T0 = 1_764_000_000_000L;

  private static final TicketTemplate GITHUB =
      TicketTemplate.of(
          new TicketSettings(
              "gh",
              TicketSettings.Api.GITHUB,
              "https://api.github.com/repos/acme/links",
              "ghp_abc",
              null,
              List.of("clickpulse", "links"),
              TicketSettings.DEFAULT_RULES,
              null));

  private static final TicketTemplate JIRA =
      TicketTemplate.of(
          new TicketSettings(
              "jira",
              TicketSettings.Api.JIRA,
              "https://acme.atlassian.net",
              "ana@acme.example:tok",
              "OPS",
              TicketSettings.DEFAULT_LABELS,
              TicketSettings.DEFAULT_RULES,
              "31"));

  private static final TicketTemplate JIRA_DATA_CENTER =
      TicketTemplate.of(
          new TicketSettings(
              "jira-dc",
              TicketSettings.Api.JIRA,
              "https://jira.acme.example",
              "pat",
              "OPS",
              TicketSettings.DEFAULT_LABELS,
              TicketSettings.DEFAULT_RULES,
              "2"));

  private static TicketTemplate api(String name) {
    return switch (name) {
      case "github" -> GITHUB;
      case "jirads" -> JIRA_DATA_CENTER;
      default -> JIRA;
    };
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | search  | GET   | https://api.github.com/repos/acme/links/issues?state=open&labels=clickpulse%2Clinks&sort=created&direction=desc&per_page=10
          github | open    | POST  | https://api.github.com/repos/acme/links/issues
          github | comment | POST  | https://api.github.com/repos/acme/links/issues/42/comments
          github | close   | PATCH | https://api.github.com/repos/acme/links/issues/42
          jira   | search  | GET   | https://acme.atlassian.net/rest/api/2/search/jql?jql=project%20%3D%20%22OPS%22%20AND%20labels%20%3D%20%22clickpulse-alert-a1%22%20AND%20statusCategory%20%21%3D%20Done%20ORDER%20BY%20created%20DESC&fields=key&maxResults=5
          jirads | search  | GET   | https://jira.acme.example/rest/api/2/search?jql=project%20%3D%20%22OPS%22%20AND%20labels%20%3D%20%22clickpulse-alert-a1%22%20AND%20statusCategory%20%21%3D%20Done%20ORDER%20BY%20created%20DESC&fields=key&maxResults=5
          jira   | open    | POST  | https://acme.atlassian.net/rest/api/2/issue
          jira   | comment | POST  | https://acme.atlassian.net/rest/api/2/issue/OPS-42/comment
          jira   | close   | POST  | https://acme.atlassian.net/rest/api/2/issue/OPS-42/transitions
          """)
  void requestsGoWhereTheApiDocumentsThem(String api, String step, String method, String url) {
    TicketTemplate t = api(api);
    String ticket = api.equals("github") ? "42" : "OPS-42";
    TicketTemplate.Request r =
        switch (step) {
          case "search" -> t.search("a1");
          case "open" -> t.open(alert("a1", "l1"));
          case "comment" -> t.comment(ticket, alert("a1", "l1"), TicketTemplate.Comment.REPEAT, T0);
          default -> t.close(ticket);
        };
    assertEquals(method, r.method());
    assertEquals(url, r.url());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | {"state":"closed"}
          jira   | {"transition":{"id":"31"}}
          """)
  void closeBodies(String api, String json) {
    assertEquals(json, api(api).close(api.equals("github") ? "7" : "OPS-7").json());
  }

  @org.junit.jupiter.api.Test
  void githubOpenCarriesTitleEscapedBodyLabelsAndTheHiddenMarker() throws Exception {
    Alert a = alert("a1", "l1");
    a.reason = "@team see #12 <script>alert(1)</script> [x](https://evil.example) | *bold*";
    JsonNode json = Json.MAPPER.readTree(GITHUB.open(a).json());
    assertEquals(
        "[ClickPulse] broken redirect on link l1 (https://go.acme.com/x)",
        json.get("title").asText());
    assertEquals("[\"clickpulse\",\"links\"]", json.get("labels").toString());
    String body = json.get("body").asText();
    assertTrue(
        body.startsWith(
            "**@\u200Bteam see #\u200B12 &lt;script&gt;alert\\(1\\)&lt;/script&gt;"
                + " \\[x\\]\\(https://evil.example\\) \\| \\*bold\\***"),
        body);
    assertTrue(body.endsWith("\n<!-- clickpulse-alert-id: a1 -->\n"), body);
    assertTrue(body.contains("| Status codes | 502=9 |"), body);
    assertTrue(body.contains("| Destination | https://shop.example/x |"), body);
    assertTrue(body.contains("| Owner | ana@\u200Bshop.example |"), body);
  }

  @org.junit.jupiter.api.Test
  void jiraOpenHasProjectSummaryWikiDescriptionBugAndTheIdLabel() throws Exception {
    Alert a = alert("a1", "l1");
    a.reason = "[~admin] {code}x{code} *y*";
    JsonNode fields = Json.MAPPER.readTree(JIRA.open(a).json()).get("fields");
    assertEquals("OPS", fields.at("/project/key").asText());
    assertEquals("Bug", fields.at("/issuetype/name").asText());
    assertEquals("[\"clickpulse\",\"clickpulse-alert-a1\"]", fields.get("labels").toString());
    String description = fields.get("description").asText();
    assertTrue(
        description.startsWith("*\\[\\~admin\\] \\{code\\}x\\{code\\} \\*y\\**"), description);
    assertTrue(description.endsWith("\nclickpulse-alert-id: a1\n"), description);
    assertTrue(description.contains("|Status codes|502=9|"), description);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | ghp_abc              | Bearer ghp_abc
          jira   | ana@acme.example:tok | Basic YW5hQGFjbWUuZXhhbXBsZTp0b2s=
          """)
  void credentials(String api, String token, String header) {
    assertEquals(header, api(api).headers().get("Authorization"));
    assertEquals(
        token,
        header.startsWith("Basic ")
            ? new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8)
            : header.substring(7));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | '[{"number":3,"body":"x\\n<!-- clickpulse-alert-id: a1 -->\\n"}]'                            | 3
          github | '[{"number":4,"body":"<!-- clickpulse-alert-id: a10 -->"},{"number":3,"body":"<!-- clickpulse-alert-id: a1 -->"}]' | 3
          github | '[{"number":5,"pull_request":{},"body":"<!-- clickpulse-alert-id: a1 -->"}]'                 |
          github | '[{"number":6,"body":"clickpulse-alert-id: a1"}]'                                             |
          github | '[]'                                                                                          |
          github | '[{"number":3,"body":"<!-- clickpulse-alert-id: a1 -->"},{"number":9,"body":"cut at the ca'   | 3
          jira   | '{"issues":[{"key":"OPS-12"}]}'                                                               | OPS-12
          jira   | '{"issues":[]}'                                                                               |
          """)
  void searchAnswersFindTheMarkedOpenTicket(String api, String body, String found) {
    assertEquals(found, api(api).found(body, "a1"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | '{"number":42,"title":"t"}'               | 42
          jira   | '{"id":"10000","key":"OPS-24","self":"x"}' | OPS-24
          """)
  void openAnswersGiveTheTicket(String api, String body, String ticket) {
    assertEquals(ticket, api(api).opened(body));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | '{"title":"t"}'
          github | 'not json'
          jira   | '{"key":"../../admin"}'
          """)
  void unusableOpenAnswersThrow(String api, String body) {
    assertThrows(IllegalArgumentException.class, () -> api(api).opened(body));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          github | 42/../../x
          jira   | OPS-1/../x
          """)
  void ticketsThatWouldChangeThePathAreRefused(String api, String ticket) {
    assertThrows(IllegalArgumentException.class, () -> api(api).close(ticket));
  }

  @org.junit.jupiter.api.Test
  void commentsSayWhatHappenedEscaped() throws Exception {
    Alert a = alert("a1", "l1");
    a.reason = "@ops fixed";
    String repeat = GITHUB.comment("1", a, TicketTemplate.Comment.REPEAT, T0).json();
    String resolved = GITHUB.comment("1", a, TicketTemplate.Comment.RESOLVED, T0).json();
    assertTrue(repeat.contains("Still firing at 2025-11-24 16:00 UTC: @\u200Bops fixed"), repeat);
    assertTrue(resolved.contains("Resolved at 2025-11-24 16:00 UTC"), resolved);
    assertTrue(resolved.contains("Closed by ClickPulse."), resolved);
    assertEquals(
        "Resolved at 2025-11-24 16:00 UTC: \\@ops fixed\n\nClosed by ClickPulse.",
        Json.MAPPER
            .readTree(JIRA.comment("OPS-1", a, TicketTemplate.Comment.RESOLVED, T0).json())
            .get("body")
            .asText());
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          broken_redirect    | broken_redirect, link_* | true
          link_missing_utm   | broken_redirect, link_* | true
          link_import_summary| broken_redirect, link_* | true
          spike              | broken_redirect, link_* | false
          spike              | spike                   | true
          spiked             | spike                   | false
          """)
  void rulesChooseWhatOpensTickets(String rule, String rules, boolean takes) {
    TicketSettings s =
        new TicketSettings(
            "t",
            TicketSettings.Api.GITHUB,
            "https://x",
            "tok",
            null,
            java.util.List.of("clickpulse"),
            java.util.List.of(rules.split(",\\s*")),
            null);
    assertEquals(takes, s.takes(rule));
    assertFalse(s.toString().contains("tok"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          '{ type: ticket, url: ''https://93.184.216.34/repos/a/b'', token-env: T }'                                | destinations.t: api is required for a ticket destination: github or jira
          '{ type: ticket, api: gitlab, url: ''https://x.example'', token-env: T }'                                  | destinations.t: api must be github or jira, was 'gitlab'
          '{ type: ticket, api: github, token-env: T }'                                                              | destinations.t: url is required
          '{ type: ticket, api: github, url: ''http://93.184.216.34/repos/a/b'', token-env: T }'                    | destinations.t: url:
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'' }'                                 | destinations.t: set one of token-env or token-file
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: UNSET }'               | destinations.t: token-env: environment variable UNSET is not set
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-file: /nonexistent/tok }'   | destinations.t: token-file: cannot read the file /nonexistent/tok
          '{ type: ticket, api: jira, url: ''https://93.184.216.34'', token-env: T, close-transition: ''31'' }' | destinations.t: project is required for api: jira
          '{ type: ticket, api: jira, url: ''https://93.184.216.34'', token-env: T, project: OPS }'             | destinations.t: close-transition is required for api: jira
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: T, project: OPS }'     | destinations.t: project is for api: jira
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: T, labels: [] }'       | destinations.t: labels must list at least one label
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: T, labels: [''a b''] }'| destinations.t: labels[0]: 'a b' is not a label
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: T, rules: [Spike] }'   | destinations.t: rules[0]: 'Spike' is not a rule name
          '{ type: ticket, api: github, url: ''https://93.184.216.34/repos/a/b'', token-env: T, rules: [] }'        | destinations.t: rules must list at least one alert rule
          '{ type: slack, url: ''https://93.184.216.34/s'', rules: [broken_redirect] }'                              | destinations.t: api, token-env, token-file, project, labels, rules and close-transition are for type: ticket, not slack
          """)
  void invalidTicketDestinationsFailNamingTheKey(String destination, String problem) {
    String yaml = "destinations:\n  t: " + destination + "\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DeliveryConfig.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                    "t.yaml",
                    Map.of("T", "secret-token-value")::get));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
    assertFalse(e.getMessage().contains("secret-token-value"), e.getMessage());
  }

  @org.junit.jupiter.api.Test
  void aRouteCannotNameATicketDestinationAndTicketsTakeNoDigest() {
    String yaml =
        "destinations:\n"
            + "  t: { type: ticket, api: github, url: 'https://93.184.216.34/repos/a/b', token-env: T }\n"
            + "routes: [ { to: [t] } ]\n";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                DeliveryConfig.parse(
                    new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
                    "t.yaml",
                    Map.of("T", "x")::get));
    assertTrue(
        e.getMessage().contains("routes[0].to: 't' is a ticket destination"), e.getMessage());
    DeliveryConfig ok =
        DeliveryConfig.parse(
            new ByteArrayInputStream(
                yaml.replace("routes: [ { to: [t] } ]\n", "").getBytes(StandardCharsets.UTF_8)),
            "t.yaml",
            Map.of("T", "x")::get);
    assertEquals(java.util.List.of(), ok.digestDestinations());
    assertTrue(ok.hasTickets());
  }

  @org.junit.jupiter.api.Test
  void replayDeliveriesLeavesTicketDeadLettersAlone() {
    DeliveryDeadLetter letter = new DeliveryDeadLetter();
    letter.destination = "links-issues";
    letter.webhookId = "ticket.a1.open";
    letter.alert = alert("a1", "l1");
    assertEquals(
        DeliveryReplay.Skip.NOT_WANTED,
        DeliveryReplay.skip(letter, null, null, false, new java.util.HashSet<>()));
    letter.webhookId = "a1.firing";
    assertNull(DeliveryReplay.skip(letter, null, null, false, new java.util.HashSet<>()));
  }

  static Alert alert(String id, String link) {
    return TicketFunctionTest.alert(id, "firing", "link " + link + ": 9 of 30 clicks failed");
  }
}
