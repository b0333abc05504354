package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;

/**
 * Rules about individual clicks that matter once they repeat, and then once a day per link:
 * campaign links without required UTM fields, and QR scans from countries outside a campaign's
 * expected regions.
 */
public enum DailyRule {
  MISSING_UTM("missing_utm"),
  QR_UNEXPECTED_COUNTRY("qr_unexpected_country");

  private final String rule;

  DailyRule(String rule) {
    this.rule = rule;
  }

  public String rule() {
    return rule;
  }

  public boolean enabled(AlertRules rules) {
    return switch (this) {
      case MISSING_UTM -> rules.missingUtm().enabled;
      case QR_UNEXPECTED_COUNTRY ->
          rules.qrRegions().enabled && !rules.qrRegions().expected.isEmpty();
    };
  }

  public int minClicks(AlertRules rules) {
    return switch (this) {
      case MISSING_UTM -> rules.missingUtm().minClicks;
      case QR_UNEXPECTED_COUNTRY -> rules.qrRegions().minClicks;
    };
  }

  /** Whether the click breaks the rule. */
  public boolean offends(EnrichedClick c, AlertRules rules) {
    return switch (this) {
      case MISSING_UTM -> !missingUtm(c, rules.missingUtm().required).isEmpty();
      case QR_UNEXPECTED_COUNTRY -> {
        List<String> expected = rules.qrRegions().expected.get(c.click.campaignId);
        yield "qr".equals(c.channel)
            && expected != null
            && c.click.country != null
            && !expected.contains(c.click.country);
      }
    };
  }

  /** Reason and evidence, from the click that reached the threshold. */
  void describe(Alert a, EnrichedClick c, AlertRules rules) {
    switch (this) {
      case MISSING_UTM -> {
        List<String> missing = missingUtm(c, rules.missingUtm().required);
        a.reason =
            String.format(
                "link %s of campaign %s: clicks arrive without %s, so they cannot be attributed",
                a.linkId, a.campaignId, String.join(", ", missing));
        a.evidence.put("missing_fields", String.join(", ", missing));
        a.evidence.put("destination_url", c.click.destinationUrl);
      }
      case QR_UNEXPECTED_COUNTRY -> {
        List<String> expected = rules.qrRegions().expected.get(c.click.campaignId);
        a.reason =
            String.format(
                "link %s of campaign %s: QR scans from %s, outside the expected %s",
                a.linkId, a.campaignId, c.click.country, String.join(", ", expected));
        a.evidence.put("country", c.click.country);
        a.evidence.put("expected_countries", String.join(", ", expected));
      }
    }
  }

  /** The required UTM fields the click lacks; empty if none (or if it is no campaign link). */
  public static List<String> missingUtm(EnrichedClick c, List<String> required) {
    if (c.click.campaignId == null || c.click.campaignId.isEmpty()) {
      return List.of();
    }
    return required.stream().filter(field -> blank(raw(c, field))).toList();
  }

  private static String raw(EnrichedClick c, String field) {
    return switch (field) {
      case "utm_source" -> c.click.utmSource;
      case "utm_medium" -> c.click.utmMedium;
      case "utm_campaign" -> c.click.utmCampaign;
      case "utm_term" -> c.click.utmTerm;
      default -> c.click.utmContent;
    };
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }
}
