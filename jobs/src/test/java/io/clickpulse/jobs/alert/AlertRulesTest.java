package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
    assertEquals(2, rules.thresholds(null).spike.consecutiveMinutes);
    assertEquals(30, rules.thresholds("any").spike.minClicks);
    assertEquals(3, rules.thresholds(null).drop.consecutiveMinutes);
    assertEquals(20, rules.bots().burst.clicks);
    assertEquals(3, rules.missingUtm().minClicks);
  }

  @Test
  void campaignsOverrideOnlyWhatTheyNameAndOwnTheirAlerts() {
    AlertRules rules =
        parse(
            "spike: { min-clicks: 40 }\n"
                + "campaigns:\n  cmp-a: { owner: ana@x.example, spike: { sensitivity: 9 } }\n"
                + "priority-links:\n  l1: { spike-clicks-per-minute: 100, owner: lee@x.example }\n");
    assertEquals(9, rules.thresholds("cmp-a").spike.sensitivity);
    assertEquals(
        40, rules.thresholds("cmp-a").spike.minClicks, "inherited from the file's defaults");
    assertEquals(5, rules.thresholds("cmp-b").spike.sensitivity);
    assertEquals("ana@x.example", rules.owner("l2", "cmp-a", "event@x.example"));
    assertEquals("lee@x.example", rules.owner("l1", "cmp-a", "event@x.example"));
    assertEquals("event@x.example", rules.owner("l2", "cmp-b", "event@x.example"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'spike: { consecutive-minutes: 0 }' | spike.consecutive-minutes must be at least 1",
        "'spike: { min-clicks: 0 }' | spike.min-clicks must be at least 1",
        "'drop: { max-ratio: 1.5 }' | drop.max-ratio must be between 0 and 1",
        "'bots: { burst: { within: soon } }' | bots.burst.within is not a duration",
        "'spkie: { min-clicks: 5 }' | spkie",
        "'missing-utm: { required: [utm_sauce] }' | unknown field 'utm_sauce'",
        "'campaigns: { c1: { spike: { sensitivity: -1 } } }' | campaigns.c1.spike.sensitivity must be positive",
        "'dashboard-url-template: ftp://x' | dashboard-url-template must be an http(s) URL",
        "'campaigns: { c1: { spike: { consecutive-minutes: 5 } } }' | campaigns.c1: consecutive-minutes can only be set for all campaigns",
      })
  void invalidRulesFailAtStartNamingTheKey(String yaml, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse(yaml));
    assertTrue(e.getMessage().contains(message), e.getMessage());
    assertTrue(e.getMessage().contains("test.yaml"), e.getMessage());
  }
}
