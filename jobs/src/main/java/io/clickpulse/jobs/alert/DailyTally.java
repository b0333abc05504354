package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.HashMap;
import java.util.Map;

/**
 * A link's offending clicks of the day until its {@link DailyRule} fires, for the alert's context.
 * Kept only up to the rule's minimum of clicks (a handful), then dropped.
 */
public class DailyTally {
  private static final int MAX_KEYS = 20;

  public long clicks;
  public long humanClicks;
  public Map<String, Long> referrers = new HashMap<>();
  public Map<String, Long> countries = new HashMap<>();

  public DailyTally() {}

  void add(EnrichedClick c) {
    clicks++;
    humanClicks += c.isBot ? 0 : 1;
    addBounded(
        referrers,
        c.referrerDomain == null || c.referrerDomain.isEmpty() ? "(direct)" : c.referrerDomain);
    addBounded(countries, c.click.country == null ? "??" : c.click.country);
  }

  private static void addBounded(Map<String, Long> counts, String key) {
    counts.merge(
        counts.containsKey(key) || counts.size() < MAX_KEYS ? key : "(other)", 1L, Long::sum);
  }
}
