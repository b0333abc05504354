package io.clickpulse.udf.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.udf.enrich.UtmTaxonomy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkRulesTest {
  private static final Map<String, List<String>> DEFAULT_UTM =
      Map.of("default", List.of("utm_source", "utm_medium", "utm_campaign"));

  private static final Duration DAY = Duration.ofHours(24);

  static Stream<Arguments> invalid() {
    return Stream.<Arguments>of(
        Arguments.of(
            (Supplier<LinkRules>)
                () -> new LinkRules(Set.of("https://bit.ly"), Set.of(), DAY, DAY, DEFAULT_UTM),
            "links.shortener-domains: 'https://bit.ly' is not a domain name"),
        Arguments.of(
            (Supplier<LinkRules>)
                () -> new LinkRules(Set.of(), Set.of("go.acme.com/"), DAY, DAY, DEFAULT_UTM),
            "links.allowed-domains: 'go.acme.com/' is not a domain name"),
        Arguments.of(
            (Supplier<LinkRules>)
                () -> new LinkRules(Set.of(), Set.of(), Duration.ZERO, DAY, DEFAULT_UTM),
            "links.expiry-warning must be a positive duration, was PT0S"),
        Arguments.of(
            (Supplier<LinkRules>)
                () -> new LinkRules(Set.of(), Set.of(), DAY, Duration.ofHours(-1), DEFAULT_UTM),
            "links.running-window must be a positive duration, was PT-1H"),
        Arguments.of(
            (Supplier<LinkRules>)
                () ->
                    new LinkRules(
                        Set.of(), Set.of(), DAY, DAY, DEFAULT_UTM, Duration.ofMinutes(-5)),
            "links.campaign-ended-grace must be a duration of 0 or more, was PT-5M"),
        Arguments.of(
            (Supplier<LinkRules>)
                () ->
                    new LinkRules(
                        Set.of(), Set.of(), DAY, DAY, Map.of("email", List.of("utm_source"))),
            "links.required-utm needs a 'default' entry"),
        Arguments.of(
            (Supplier<LinkRules>)
                () ->
                    new LinkRules(
                        Set.of(),
                        Set.of(),
                        DAY,
                        DAY,
                        Map.of("default", List.of("utm_source", "utm_id"))),
            "links.required-utm.default: unknown field 'utm_id'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("invalid")
  void namesTheKeyInTheMessage(Supplier<LinkRules> rules, String message) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, rules::get);
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void aChannelTheTaxonomyDoesNotKnowFailsNamingTheKey() {
    LinkRules rules =
        new LinkRules(
            Set.of(),
            Set.of(),
            DAY,
            DAY,
            Map.of("default", List.of(), "emial", List.of("utm_source")));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> rules.checkChannels(UtmTaxonomy.bundled()));
    assertEquals(
        "links.required-utm: [emial] are no canonical channels of UTM taxonomy 2026.11.1",
        e.getMessage());
  }

  @Test
  void domainsAreLowerCasedAndChannelsFallBackToDefault() {
    LinkRules rules =
        new LinkRules(
            Set.of("Bit.LY"),
            Set.of("Go.Acme.com"),
            DAY,
            DAY,
            Map.of("default", List.of("utm_source"), "qr", List.of("utm_content")));
    assertEquals(Set.of("bit.ly"), rules.shortenerDomains());
    assertEquals(Set.of("go.acme.com"), rules.allowedDomains());
    assertEquals(List.of("utm_content"), rules.requiredFor("qr"));
    assertEquals(List.of("utm_source"), rules.requiredFor("email"));
    assertEquals(List.of("utm_source"), rules.requiredFor(null));
  }
}
