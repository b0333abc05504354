package io.clickpulse.jobs.alert;

import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The anomalies that last (spike, drop, broken redirects), and their two CEP patterns over minute
 * observations: it starts (a normal minute, then N anomalous ones in a row: firing) and it ends (N
 * or more anomalous minutes, then a normal one: resolved). Each episode matches each pattern once.
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

  public boolean test(MinuteObservation o) {
    return switch (this) {
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

  public Pattern<MinuteObservation, ?> starts(AlertRules rules) {
    return Pattern.<MinuteObservation>begin("before", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new Is(this, false))
        .next("episode")
        .where(new Is(this, true))
        .times(minutes(rules))
        .consecutive();
  }

  public Pattern<MinuteObservation, ?> ends(AlertRules rules) {
    return Pattern.<MinuteObservation>begin("episode", AfterMatchSkipStrategy.skipPastLastEvent())
        .where(new Is(this, true))
        .timesOrMore(minutes(rules))
        .consecutive()
        .greedy()
        .next("after")
        .where(new Is(this, false));
  }

  /** Whether a minute is (or is not) anomalous in this episode's sense. */
  static final class Is extends SimpleCondition<MinuteObservation> {
    private final Episode episode;
    private final boolean anomalous;

    Is(Episode episode, boolean anomalous) {
      this.episode = episode;
      this.anomalous = anomalous;
    }

    @Override
    public boolean filter(MinuteObservation o) {
      return episode.test(o) == anomalous;
    }
  }
}
