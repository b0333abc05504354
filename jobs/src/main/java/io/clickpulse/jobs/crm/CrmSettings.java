package io.clickpulse.jobs.crm;

import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;

/**
 * The CRM signals' keys (README, "Configuration"; docs/crm.md). The rules are the rules file's
 * {@code crm:} section.
 *
 * @param topic {@code kafka.topic.crm-signals}; empty: the stage is off and the job's graph is as
 *     without it
 */
public record CrmSettings(String topic) implements Serializable {
  public static final CrmSettings OFF = new CrmSettings("");

  public static CrmSettings from(Settings s) {
    return new CrmSettings(s.string("kafka.topic.crm-signals", ""));
  }

  public boolean enabled() {
    return !topic.isBlank();
  }
}
