package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.link.LinkRules;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertRulesTest {
  private static AlertRules parse(String yaml) {
    return AlertRules.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  @Test
  void bundledRulesHaveTheDocumentedDefaults() {
    AlertRules rules = AlertRules.bundled();
    assertEquals(1, rules.thresholds(null).spike.consecutiveMinutes);
    assertEquals(2, rules.thresholds(null).spike.minWindowMinutes);
    assertEquals(2e-5, rules.thresholds("any").spike.level);
    assertEquals(3, rules.thresholds("any").spike.minIncrease);
    assertEquals(3, rules.thresholds(null).spike.windowMinutes);
    assertEquals(1, rules.thresholds(null).drop.consecutiveMinutes);
    assertEquals(2, rules.thresholds(null).drop.minWindowMinutes);
    assertEquals(4, rules.thresholds(null).drop.minBaseline);
    assertEquals(20, rules.baseline().warmupMinutes);
    assertEquals(20, rules.bots().burst.clicks);
    assertEquals(2, rules.missingUtm().minClicks);
  }

  @Test
  void linksSectionDefaultsToLinkRulesDefaultsAndReadsItsKeys() {
    assertEquals(LinkRules.DEFAULTS, AlertRules.bundled().links());
    assertEquals(Duration.ofMinutes(10), AlertRules.bundled().linkImportQuiet());
    AlertRules rules =
        parse(
            "links:\n  allowed-domains: [Go.Acme.com]\n  running-window: 2 h\n"
                + "  required-utm: { default: [utm_source], qr: [utm_source, utm_content] }\n"
                + "  import-quiet: 30 s\n");
    LinkRules links = rules.links();
    assertEquals(Set.of("go.acme.com"), links.allowedDomains());
    assertEquals(Duration.ofHours(2), links.runningWindow());
    assertEquals(List.of("utm_source", "utm_content"), links.requiredFor("qr"));
    assertEquals(List.of("utm_source"), links.requiredFor("email"));
    assertEquals(LinkRules.KNOWN_SHORTENERS, links.shortenerDomains(), "unchanged: the default");
    assertEquals(Duration.ofSeconds(30), rules.linkImportQuiet());
  }

  @Test
  void campaignsOverrideOnlyWhatTheyNameAndOwnTheirAlerts() {
    AlertRules rules =
        parse(
            "spike: { min-increase: 40 }\n"
                + "campaigns:\n  cmp-a: { owner: ana@x.example, spike: { level: 1.0e-9 } }\n"
                + "priority-links:\n  l1: { spike-clicks-per-minute: 100, owner: lee@x.example,"
                + " spike: { min-ratio: 3 }, drop: { min-baseline: 1 } }\n");
    assertEquals(1e-9, rules.thresholds("cmp-a").spike.level);
    assertEquals(
        40, rules.thresholds("cmp-a").spike.minIncrease, "inherited from the file's defaults");
    assertEquals(1e-5, rules.thresholds("cmp-b").spike.level);
    // A priority link: the defaults with its own overrides, whichever campaign it is in.
    AlertRules.Thresholds l1 = rules.thresholds("link", "l1", "cmp-a");
    assertEquals(3, l1.spike.minRatio);
    assertEquals(40, l1.spike.minIncrease);
    assertEquals(1e-5, l1.spike.level, "campaign overrides do not apply to a priority link");
    assertEquals(1, l1.drop.minBaseline);
    assertEquals(1e-9, rules.thresholds("link", "l2", "cmp-a").spike.level);
    assertEquals(1e-9, rules.thresholds("campaign", "", "cmp-a").spike.level, "a campaign subject");
    assertEquals("ana@x.example", rules.owner("l2", "cmp-a", "event@x.example"));
    assertEquals("lee@x.example", rules.owner("l1", "cmp-a", "event@x.example"));
    assertEquals("event@x.example", rules.owner("l2", "cmp-b", "event@x.example"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'spike: { consecutive-minutes: 0 }' | spike.consecutive-minutes must be at least 1",
        "'spike: { level: 0 }' | spike.level must be a probability between 0 and 0.5",
        "'spike: { level: 0.7 }' | spike.level must be a probability between 0 and 0.5",
        "'spike: { min-increase: -1 }' | spike.min-increase must not be negative",
        "'spike: { window-minutes: 6 }' | spike.window-minutes must be between 1 and 5",
        "'spike: { window-minutes: 2, min-window-minutes: 3 }' | spike.min-window-minutes must be between 1 and spike.window-minutes",
        "'spike: { burst-half-life: soon }' | spike.burst-half-life is not a duration",
        "'campaigns: { c1: { spike: { burst-half-life: later }}}' | campaigns.c1.spike.burst-half-life is not a duration",
        "'drop: { level: -1 }' | drop.level must be a probability between 0 and 0.5",
        "'drop: { window-minutes: 0 }' | drop.window-minutes must be between 1 and 5",
        "'drop: { min-baseline: -2 }' | drop.min-baseline must not be negative",
        "'priority-links: { l1: { spike: { min-ratio: 0.5 } } }' | priority-links.l1.spike.min-ratio must be at least 1",
        "'priority-links: { l1: { drop: { consecutive-minutes: 9 } } }' | priority-links.l1: consecutive-minutes can only be set for all links",
        "'priority-links: { l1: { spike-clicks-per-minute: -5 } }' | priority-links.l1.spike-clicks-per-minute must not be negative",
        "'priority-links: { l1: { spike: { sensitivity: 5 } } }' | priority-links.l1",
        "'drop: { max-ratio: 1.5 }' | drop.max-ratio must be between 0 and 1",
        "'bots: { burst: { within: soon } }' | bots.burst.within is not a duration",
        "'spkie: { min-increase: 5 }' | spkie",
        "'spike: { min-clicks: 30 }' | min-clicks",
        "'missing-utm: { required: [utm_sauce] }' | unknown field 'utm_sauce'",
        "'campaigns: { c1: { spike: { min-ratio: 0 } } }' | campaigns.c1.spike.min-ratio must be at least 1",
        "'dashboard-url-template: ftp://x' | dashboard-url-template must be an http(s) URL",
        "'campaigns: { c1: { spike: { consecutive-minutes: 5 } } }' | campaigns.c1: consecutive-minutes can only be set for all campaigns",
        "'links: { shortener-domains: [\"https://bit.ly\"] }' | links.shortener-domains: 'https://bit.ly' is not a domain name",
        "'links: { allowed-domains: [go acme] }' | links.allowed-domains: 'go acme' is not a domain name",
        "'links: { expiry-warning: soon }' | links.expiry-warning is not a duration",
        "'links: { running-window: 0 s }' | links.running-window must be positive",
        "'links: { import-quiet: later }' | links.import-quiet is not a duration",
        "'links: { required-utm: { qr: [utm_source] } }' | links.required-utm needs a 'default' entry",
        "'links: { required-utm: { default: [utm_sauce] } }' | links.required-utm.default: unknown field 'utm_sauce'",
        "'links: { import-after: 5 min }' | import-after",
      })
  void invalidRulesFailAtStartNamingTheKey(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("test.yaml"), e.getMessage());
  }
}
