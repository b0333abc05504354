package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code hourly} and {@code milestones} sections of the rules file. */
class ClickCountRulesTest {
  private static AlertRules parse(String yaml) {
    return AlertRules.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
  }

  private static final String RULES =
      """
      hourly: { link-clicks: 500 }
      milestones: { clicks: [1000, 10000] }
      campaigns:
        spring: { hourly: { campaign-clicks: 5000, link-clicks: 800 }, milestones: { clicks: [50000] } }
        quiet: { milestones: { clicks: [] } }
      priority-links:
        vip: { spike-clicks-per-minute: 100, hourly-clicks: 200, milestones: [100, 1000] }
        vip2: { spike-clicks-per-minute: 100 }
      """;

  @Test
  void bundledRulesHaveNoHourlyThresholdsOrMilestones() {
    AlertRules rules = AlertRules.bundled();
    assertFalse(rules.hourlyEnabled());
    assertFalse(rules.milestonesEnabled());
    assertEquals(0, rules.hourlyClicks("link", "l1", "c1"));
    assertEquals(0, rules.hourlyClicks("campaign", "c1", "c1"));
    assertEquals(List.of(), rules.milestones("campaign", "c1"));
    assertEquals(Duration.ofDays(90), rules.milestonesForgetAfter());
  }

  /** Which threshold a subject gets: priority link, then its campaign's, then the default. */
  @ParameterizedTest(name = "{0}:{1} of {2}")
  @CsvSource({
    "link, l1, '', 500",
    "link, l1, other, 500",
    "link, l1, spring, 800",
    "link, vip, spring, 200",
    "link, vip2, spring, 800",
    "campaign, spring, spring, 5000",
    "campaign, other, other, 0",
  })
  void hourlyThresholdOfASubject(String type, String id, String campaign, int threshold) {
    AlertRules rules = parse(RULES);
    assertTrue(rules.hourlyEnabled());
    assertEquals(threshold, rules.hourlyClicks(type, id, campaign));
  }

  /**
   * Campaigns: their own list or the default; priority links: theirs or the default; others none.
   */
  @ParameterizedTest(name = "{0}:{1}")
  @CsvSource({
    "campaign, other, '1000 10000'",
    "campaign, spring, '50000'",
    "campaign, quiet, ''",
    "link, vip, '100 1000'",
    "link, vip2, '1000 10000'",
    "link, l1, ''",
  })
  void milestonesOfASubject(String type, String id, String values) {
    AlertRules rules = parse(RULES);
    assertTrue(rules.milestonesEnabled());
    assertEquals(
        values,
        String.join(" ", rules.milestones(type, id).stream().map(String::valueOf).toList()));
  }

  @Test
  void aCampaignOverrideAloneTurnsTheRulesOn() {
    AlertRules rules =
        parse("campaigns: { c1: { hourly: { link-clicks: 100 }, milestones: { clicks: [10] } } }");
    assertTrue(rules.hourlyEnabled());
    assertTrue(rules.milestonesEnabled());
    assertEquals(0, rules.hourlyClicks("link", "l1", "c2"));
    assertEquals(List.of(), rules.milestones("campaign", "c2"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'hourly: { link-clicks: -1 }' | hourly.link-clicks must not be negative",
        "'hourly: { campaign-clicks: -5 }' | hourly.campaign-clicks must not be negative",
        "'hourly: { clicks: 5 }' | clicks",
        "'campaigns: { c1: { hourly: { link-clicks: -1 } } }' | campaigns.c1.hourly.link-clicks must not be negative",
        "'priority-links: { vip: { spike-clicks-per-minute: 9, hourly-clicks: -1 } }' | priority-links.vip.hourly-clicks must not be negative",
        "'milestones: { clicks: [1000, 100] }' | milestones.clicks must be increasing: [1000, 100]",
        "'milestones: { clicks: [1000, 1000] }' | milestones.clicks must be increasing",
        "'milestones: { clicks: [0, 10] }' | milestones.clicks must hold positive numbers",
        "'milestones: { clicks: [ten] }' | ten",
        "'milestones: { clicks: null }' | milestones.clicks must be a list",
        "'campaigns: { c1: { milestones: { clicks: [5, 3] } } }' | campaigns.c1.milestones.clicks must be increasing",
        "'priority-links: { vip: { spike-clicks-per-minute: 9, milestones: [-1] } }' | priority-links.vip.milestones must hold positive numbers",
        "'milestones: { forget-after: soon }' | milestones.forget-after is not a duration",
        "'campaigns: { c1: { milestones: { forget-after: 1 d } } }' | campaigns.c1: forget-after can only be set for all campaigns",
      })
  void invalidRulesFailAtStartNamingTheKey(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("test.yaml"), e.getMessage());
  }
}
