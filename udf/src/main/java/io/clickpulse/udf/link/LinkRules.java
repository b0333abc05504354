package io.clickpulse.udf.link;

import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of the link lifecycle checks, as the {@code links} section of the rules file would
 * hold them (docs/links.md, "Lifecycle checks"). Validated on construction; every message names the
 * rules-file key.
 *
 * @param shortenerDomains {@code links.shortener-domains}: a destination on one of these (or a
 *     subdomain) is itself a short link, a redirect chain
 * @param allowedDomains {@code links.allowed-domains}: the domains short links may be served from;
 *     empty means any
 * @param expiryWarning {@code links.expiry-warning}: a clicked link expiring within this is
 *     reported
 * @param runningWindow {@code links.running-window}: a link clicked within this before an event is
 *     part of a running campaign
 * @param requiredUtm {@code links.required-utm}: channel (as the taxonomy names it) to the UTM
 *     fields its campaign links need; the key {@code default} covers every other channel
 * @param campaignEndedGrace {@code links.campaign-ended-grace}: clicks this long after a link's
 *     campaign ended are still normal (stragglers, open tabs); later ones are reported
 */
public record LinkRules(
    Set<String> shortenerDomains,
    Set<String> allowedDomains,
    Duration expiryWarning,
    Duration runningWindow,
    Map<String, List<String>> requiredUtm,
    Duration campaignEndedGrace)
    implements Serializable {

  public static final Duration DEFAULT_CAMPAIGN_ENDED_GRACE = Duration.ofHours(1);

  /** With the default {@code links.campaign-ended-grace}. */
  public LinkRules(
      Set<String> shortenerDomains,
      Set<String> allowedDomains,
      Duration expiryWarning,
      Duration runningWindow,
      Map<String, List<String>> requiredUtm) {
    this(
        shortenerDomains,
        allowedDomains,
        expiryWarning,
        runningWindow,
        requiredUtm,
        DEFAULT_CAMPAIGN_ENDED_GRACE);
  }

  public static final String DEFAULT_CHANNEL = "default";

  public static final List<String> UTM_FIELDS =
      List.of("utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content");

  /** The well-known public shorteners. */
  public static final Set<String> KNOWN_SHORTENERS =
      Set.of(
          "bit.ly",
          "t.co",
          "tinyurl.com",
          "ow.ly",
          "buff.ly",
          "goo.gl",
          "is.gd",
          "rebrand.ly",
          "cutt.ly",
          "lnkd.in",
          "t.ly",
          "shorturl.at");

  public static final LinkRules DEFAULTS =
      new LinkRules(
          KNOWN_SHORTENERS,
          Set.of(),
          Duration.ofHours(24),
          Duration.ofHours(24),
          Map.of(DEFAULT_CHANNEL, List.of("utm_source", "utm_medium", "utm_campaign")));

  public LinkRules {
    List<String> problems = new ArrayList<>();
    shortenerDomains = domains("links.shortener-domains", shortenerDomains, problems);
    allowedDomains = domains("links.allowed-domains", allowedDomains, problems);
    if (expiryWarning == null || expiryWarning.isNegative() || expiryWarning.isZero()) {
      problems.add("links.expiry-warning must be a positive duration, was " + expiryWarning);
    }
    if (runningWindow == null || runningWindow.isNegative() || runningWindow.isZero()) {
      problems.add("links.running-window must be a positive duration, was " + runningWindow);
    }
    if (campaignEndedGrace == null || campaignEndedGrace.isNegative()) {
      problems.add(
          "links.campaign-ended-grace must be a duration of 0 or more, was " + campaignEndedGrace);
    }
    Map<String, List<String>> required = new LinkedHashMap<>();
    if (requiredUtm == null || !requiredUtm.containsKey(DEFAULT_CHANNEL)) {
      problems.add("links.required-utm needs a 'default' entry (may be an empty list)");
    } else {
      requiredUtm.forEach(
          (channel, fields) -> {
            for (String field : fields == null ? List.<String>of() : fields) {
              if (!UTM_FIELDS.contains(field)) {
                problems.add(
                    "links.required-utm."
                        + channel
                        + ": unknown field '"
                        + field
                        + "' (one of "
                        + String.join(", ", UTM_FIELDS)
                        + ")");
              }
            }
            required.put(
                channel.toLowerCase(Locale.ROOT), fields == null ? List.of() : List.copyOf(fields));
          });
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException("Invalid link rules: " + String.join("; ", problems));
    }
    requiredUtm = Map.copyOf(required);
  }

  /**
   * Fails naming the key if {@code links.required-utm} lists a channel the taxonomy does not know:
   * a typo there would silently apply the default instead.
   */
  public LinkRules checkChannels(UtmTaxonomy taxonomy) {
    List<String> unknown = new ArrayList<>();
    for (String channel : requiredUtm.keySet()) {
      if (!channel.equals(DEFAULT_CHANNEL)
          && !taxonomy.canonical(Vocabulary.CHANNELS, channel).map(channel::equals).orElse(false)) {
        unknown.add(channel);
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "links.required-utm: "
              + unknown
              + " are no canonical channels of UTM taxonomy "
              + taxonomy.version());
    }
    return this;
  }

  /** The UTM fields a campaign link of {@code channel} needs. */
  public List<String> requiredFor(String channel) {
    List<String> fields = channel == null ? null : requiredUtm.get(channel);
    return fields != null ? fields : requiredUtm.get(DEFAULT_CHANNEL);
  }

  private static Set<String> domains(String key, Set<String> values, List<String> problems) {
    Set<String> out = new LinkedHashSet<>();
    for (String value : values == null ? Set.<String>of() : values) {
      String domain = value == null ? "" : value.strip().toLowerCase(Locale.ROOT);
      if (LinkUrls.isDomainName(domain)) {
        out.add(domain);
      } else {
        problems.add(key + ": '" + value + "' is not a domain name (write e.g. bit.ly, no scheme)");
      }
    }
    return Set.copyOf(out);
  }
}
