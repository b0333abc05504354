package io.clickpulse.jobs.link;

import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;

/**
 * The click feed's keys: {@code kafka.topic.click-feed} (empty: off, the graph unchanged) and the
 * rules file's {@code feed:} section, checked at start.
 */
public record ClickFeedSettings(String topic, ClickFeedFilter filter) implements Serializable {
  public static final ClickFeedSettings OFF = new ClickFeedSettings("", ClickFeedFilter.DEFAULT);

  public static ClickFeedSettings from(Settings s, AlertRules rules) {
    String topic = s.string("kafka.topic.click-feed", "");
    ClickFeedFilter filter = ClickFeedFilter.DEFAULT;
    if (rules != null) {
      try {
        filter = ClickFeedFilter.parse(rules.feed());
      } catch (IllegalArgumentException e) {
        s.problem("'alerts.rules-file': " + e.getMessage());
      }
    }
    return new ClickFeedSettings(topic, filter);
  }

  public boolean enabled() {
    return !topic.isBlank();
  }
}
