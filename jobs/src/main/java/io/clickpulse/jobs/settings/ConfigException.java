package io.clickpulse.jobs.settings;

import java.util.List;

/** Invalid configuration, with every problem found; thrown before a job starts. */
public class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super("Invalid configuration:\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
