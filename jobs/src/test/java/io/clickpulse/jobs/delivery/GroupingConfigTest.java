package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The routing file's grouping keys: per-route group-by and timings, bounds, resolve-timeout. */
class GroupingConfigTest {
  private static final String DESTINATIONS =
      "destinations:\n  s: { type: slack, url: 'https://93.184.216.34/s' }\n"
          + "  t: { type: slack, url: 'https://93.184.216.34/t' }\n";

  @Test
  void routesTakeTheirOwnGroupingElseTheFileDefaults() {
    DeliveryConfig c =
        config(
            DESTINATIONS
                + "routes:\n"
                + "  - { match: { rule: [spike] }, to: [s], group-by: [campaign_id, rule],"
                + " group-wait: '1 min', repeat-interval: '12 h' }\n"
                + "  - { to: [s, t] }\n"
                + "grouping: { group-by: [owner], group-wait: '10 s', group-interval: '2 min',"
                + " repeat-interval: '3 h' }\n");
    Alert a = GroupNotificationsTest.alert("spike", "l1", "c1", "firing", 0);

    List<Routed> routed = c.routes(a);
    assertEquals(
        List.of("s:0", "t:1"), routed.stream().map(r -> r.destination + ":" + r.route).toList());
    GroupPolicy first = c.groupPolicy(0);
    assertEquals(List.of("rule", "campaign_id"), first.labels(), "in label order");
    assertEquals(
        List.of(60_000L, 120_000L, 12 * 3_600_000L),
        List.of(first.waitMillis(), first.intervalMillis(), first.repeatMillis()));
    assertEquals(Map.of("rule", "spike", "campaign_id", "c1"), first.groupLabels(a));
    assertTrue(!first.perOwner());
    GroupPolicy second = c.groupPolicy(1);
    assertEquals(List.of("owner"), second.labels());
    assertTrue(second.perOwner());
    assertEquals(
        List.of(10_000L, 120_000L, 3 * 3_600_000L),
        List.of(second.waitMillis(), second.intervalMillis(), second.repeatMillis()));
  }

  @Test
  void byDefaultEveryLabelMakesTheGroupAsBefore() {
    DeliveryConfig c = config(DESTINATIONS + "routes: [ { to: [s] } ]\n");
    GroupPolicy p = c.groupPolicy(0);
    assertEquals(GroupPolicy.LABELS, p.labels());
    assertEquals(
        List.of(30_000L, 300_000L, 4 * 3_600_000L),
        List.of(p.waitMillis(), p.intervalMillis(), p.repeatMillis()));
    assertEquals(20, c.maxAlertsPerGroup());
    assertEquals(50, c.maxGroupsPerOwner());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"[...]", "['...']", "[\"...\"]"})
  void threeDotsMeanEveryLabel(String groupBy) {
    DeliveryConfig c =
        config(DESTINATIONS + "routes: [ { to: [s], group-by: " + groupBy + " } ]\n");
    assertEquals(GroupPolicy.LABELS, c.groupPolicy(0).labels());
  }

  @Test
  void anEmptyGroupByPutsAllOfARoutesAlertsInOneGroup() {
    DeliveryConfig c = config(DESTINATIONS + "routes: [ { to: [s], group-by: [] } ]\n");
    Alert a = GroupNotificationsTest.alert("spike", "l1", "c1", "firing", 0);
    assertEquals(Map.of(), c.groupPolicy(0).groupLabels(a));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource({
    // rule, timeout from the file below, else per kind
    "spike, PT6H",
    "broken_redirect, PT72H",
    "bot_burst, PT1H",
    "bot_scan, PT30M",
    "missing_utm, PT24H",
    "qr_unexpected_country, PT24H",
  })
  void resolveTimeoutPerRuleThenPerKindThenTheDefault(String rule, Duration expected) {
    DeliveryConfig c =
        config(
            DESTINATIONS
                + "routes: [ { to: [s] } ]\n"
                + "resolve-timeout: { spike: '6 h', bot_scan: '30 min', default: '72 h' }\n");
    assertEquals(expected, c.resolveTimeout(rule));
  }

  @Test
  void withoutTheFileEpisodesGetALongSafetyExpiry() {
    DeliveryConfig c = config(DESTINATIONS + "routes: [ { to: [s] } ]\n");
    assertEquals(Duration.ofHours(48), c.resolveTimeout("drop"));
    assertEquals(Duration.ofHours(1), c.resolveTimeout("bot_metronome"));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'routes: [ { to: [s], group-by: [campaign] } ]' | routes[0].group-by: unknown label 'campaign' (known: rule, subject_type, subject_id, campaign_id, link_id, owner, severity, or '...' for all)",
        "'routes: [ { to: [s], group-by: [''...'', rule] } ]' | routes[0].group-by: '...' already means every label",
        "'routes: [ { to: [s], group-by: [rule, rule] } ]' | routes[0].group-by lists a label twice",
        "'routes: [ { to: [s], group-wait: soon } ]' | routes[0].group-wait is not a duration like '30 s': 'soon'",
        "'routes: [ { to: [s], group-interval: ''0 s'' } ]' | routes[0].group-interval must be positive",
        "'routes: [ { to: [s], repeat-interval: never } ]' | routes[0].repeat-interval is not a duration",
        "'grouping: { group-by: [owner, colour] }' | grouping.group-by: unknown label 'colour'",
        "'grouping: { repeat-interval: ''0 s'' }' | grouping.repeat-interval must be positive",
        "'grouping: { max-alerts: 0 }' | grouping.max-alerts must be at least 1, was 0",
        "'grouping: { max-groups-per-owner: -1 }' | grouping.max-groups-per-owner must be at least 1",
        "'resolve-timeout: { bot_burst: forever }' | resolve-timeout.bot_burst is not a duration",
        "'resolve-timeout: { spike: ''0 s'' }' | resolve-timeout.spike must be positive",
        "'resolve-timeout: { Bot Burst: ''1 h'' }' | resolve-timeout: 'Bot Burst' is not a rule name",
        "'grouping: { groupby: [rule] }' | Unrecognized field \"groupby\"",
      })
  void invalidGroupingFailsAtStartNamingTheKey(String yaml, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config(DESTINATIONS + yaml + "\n"));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void theExampleRoutingFilesAreValid() {
    DeliveryConfig docker =
        DeliveryConfig.load(
            Paths.get("..", "docker", "flink", "delivery.yaml"),
            k -> k.equals("SLACK_WEBHOOK_URL") ? "https://93.184.216.34/x" : null);
    assertEquals(List.of("rule", "campaign_id", "owner"), docker.groupPolicy(0).labels());

    String doc = read(Paths.get("..", "docs", "delivery.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));
    DeliveryConfig documented =
        config(
            yaml,
            Map.of(
                "SLACK_WEBHOOK_URL", "https://93.184.216.34/s",
                "PARTNER_WEBHOOK_URL", "https://93.184.216.34/w",
                "PARTNER_WEBHOOK_SECRETS", "whsec_" + "A".repeat(44)));
    assertEquals(List.of("rule", "campaign_id", "owner"), documented.groupPolicy(0).labels());
    assertEquals(60_000L, documented.groupPolicy(1).waitMillis());
    assertEquals(Duration.ofHours(1), documented.resolveTimeout("bot_burst"));
  }

  private static String read(java.nio.file.Path path) {
    try {
      return java.nio.file.Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static DeliveryConfig config(String yaml, Map<String, String> env) {
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env::get);
  }

  private static DeliveryConfig config(String yaml) {
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", k -> null);
  }
}
