package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Paths;

/**
 * The alert rules (keys {@code alerts.*}). The rules file is loaded here once, at start, so that a
 * bad file fails the start with its own messages.
 *
 * @param rulesFile the file the rules came from, null for the bundled ones
 */
public record AlertSettings(boolean enabled, String rulesFile, AlertRules rules) {

  public static AlertSettings from(Settings s) {
    boolean enabled = s.bool("alerts.enabled", true);
    String file = s.string("alerts.rules-file", null);
    AlertRules rules = null;
    try {
      rules = file == null ? AlertRules.bundled() : AlertRules.load(Paths.get(file));
    } catch (IllegalArgumentException e) {
      s.problem("'alerts.rules-file': " + e.getMessage());
    }
    return new AlertSettings(enabled, file, rules);
  }
}
