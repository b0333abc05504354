package io.clickpulse.jobs.alert;

/**
 * The anomalies that last (spike, drop, broken redirects): which minutes are anomalous in each
 * sense, and how many of them in a row make it fire. {@link EpisodeAlerts} follows them.
 */
public enum Episode {
  SPIKE("spike", "info"),
  DROP("drop", "warning"),
  BROKEN_REDIRECT("broken_redirect", "critical");

  private final String rule;
  private final String severity;

  Episode(String rule, String severity) {
    this.rule = rule;
    this.severity = severity;
  }

  public String rule() {
    return rule;
  }

  public String severity() {
    return severity;
  }

  /** Whether a minute is anomalous in this episode's sense (an end mark never is). */
  public boolean test(MinuteObservation o) {
    return !o.end
        && switch (this) {
          case SPIKE -> o.spike;
          case DROP -> o.drop;
          case BROKEN_REDIRECT -> o.broken;
        };
  }

  /**
   * Minutes in a row before it fires: from the defaults; campaign overrides only move thresholds.
   */
  public int minutes(AlertRules rules) {
    AlertRules.Thresholds t = rules.thresholds(null);
    return switch (this) {
      case SPIKE -> t.spike.consecutiveMinutes;
      case DROP -> t.drop.consecutiveMinutes;
      case BROKEN_REDIRECT -> 1;
    };
  }
}
