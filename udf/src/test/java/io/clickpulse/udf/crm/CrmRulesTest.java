package io.clickpulse.udf.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.clickpulse.udf.crm.CrmRule.Kind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrmRulesTest {
  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static CrmRules parse(String text) {
    return CrmRules.parse(yaml(text).get("crm"));
  }

  @Test
  void theThreeKindsOfTheIssue() {
    CrmRules rules =
        parse(
            """
            crm:
              pricing-interest:
                kind: tagged-clicks
                tag: pricing
                clicks: 2
                within: 7 d
                route: crm-hubspot
              partner-acme-hour:
                kind: partner-volume
                owner: acme-partners
                clicks: 50
              first-campaign-click:
                kind: first-click
            """);
    assertEquals(
        List.of(
            new CrmRule(
                "pricing-interest",
                Kind.TAGGED_CLICKS,
                "pricing",
                "",
                "",
                2,
                Duration.ofDays(7),
                "crm-hubspot"),
            new CrmRule(
                "partner-acme-hour",
                Kind.PARTNER_VOLUME,
                "",
                "acme-partners",
                "",
                50,
                Duration.ofHours(1),
                ""),
            new CrmRule(
                "first-campaign-click", Kind.FIRST_CLICK, "", "", "", 1, Duration.ofDays(90), "")),
        rules.all());
    assertEquals(List.of("pricing-interest", "first-campaign-click"), names(rules.contactRules()));
    assertEquals(List.of("partner-acme-hour"), names(rules.partnerRules()));
  }

  @Test
  void anAbsentOrEmptySectionHasNoRules() {
    assertTrue(CrmRules.parse(null).isEmpty());
    assertTrue(parse("crm:\n").isEmpty());
    assertTrue(parse("crm: {}\n").isEmpty());
  }

  /** Every message names the key; the rule body is the YAML after "crm: {r: ". */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          {kind: tagged-clicks}|crm.r.tag is required
          {kind: tagged-clicks, tag: pricing, clicks: 0}|crm.r.clicks must be a whole number from 1 to 10000, was 0
          {kind: tagged-clicks, tag: pricing, clicks: 2.5}|crm.r.clicks must be a whole number
          {kind: tagged-clicks, tag: pricing, within: 7 weeks}|crm.r.within is not a duration like '7 d'
          {kind: tagged-clicks, tag: pricing, within: 400 d}|crm.r.within must be positive and at most 365 d
          {kind: tagged-clicks, tag: pricing, within: 0 s}|crm.r.within must be positive
          {kind: tagged-clicks, tag: pricing, owner: acme}|crm.r.owner: unknown key for a tagged-clicks rule
          {kind: partner-volume, clicks: 5}|crm.r: set exactly one of tag and owner
          {kind: partner-volume, tag: p, owner: acme, clicks: 5}|crm.r: set exactly one of tag and owner
          {kind: partner-volume, tag: partner}|crm.r.clicks is required
          {kind: first-click, within: 7 d}|crm.r.within: unknown key for a first-click rule
          {kind: first-click, forget-after: soon}|crm.r.forget-after is not a duration
          {kind: first-click, route: 'Big Route'}|crm.r.route: 'Big Route' is not a route name
          {kind: last-click}|crm.r.kind must be one of tagged-clicks, partner-volume, first-click, was last-click
          {tag: pricing}|crm.r.kind must be one of
          """)
  void problemsNameTheirKey(String rule, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("crm: {r: " + rule + "}"));
    assertTrue(e.getMessage().startsWith(message), e.getMessage());
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                parse(
                    """
                    crm:
                      Pricing:
                        kind: tagged-clicks
                        tag: pricing
                      partner:
                        kind: partner-volume
                        tag: p
                    """));
    assertEquals(
        "crm.Pricing: a rule name is lower-case letters, digits, '-' and '_' (at most 64);"
            + " crm.partner.clicks is required: the human clicks that make a signal",
        e.getMessage());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "7 d, PT168H",
    "7d, PT168H",
    "1 h, PT1H",
    "30 min, PT30M",
    "10 s, PT10S",
    "500 ms, PT0.5S"
  })
  void durationsAsTheRulesFileWritesThem(String text, Duration expected) {
    assertEquals(expected, CrmRules.parseDuration(text));
  }

  private static List<String> names(List<CrmRule> rules) {
    return rules.stream().map(CrmRule::name).toList();
  }
}
