package io.clickpulse.jobs.alert;

import java.util.List;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/** Bot patterns per client fingerprint, as CEP patterns over the client's clicks. */
public enum ClientPattern {
  /** Many clicks within seconds. */
  BURST("bot_burst"),
  /** Many distinct links within a second or two: email security scanners follow every link. */
  SCAN("bot_scan"),
  /** Clicks at near-constant intervals: a script on a timer. */
  METRONOME("bot_metronome");

  static final String CLICKS = "clicks";

  private final String rule;

  ClientPattern(String rule) {
    this.rule = rule;
  }

  public String rule() {
    return rule;
  }

  public Pattern<ClientClick, ?> pattern(AlertRules.Bots bots) {
    Pattern<ClientClick, ClientClick> start =
        Pattern.begin(CLICKS, AfterMatchSkipStrategy.skipPastLastEvent());
    return switch (this) {
      case BURST ->
          start
              .where(new Any())
              .times(bots.burst.clicks)
              .consecutive()
              .within(AlertRules.parse(bots.burst.within));
      case SCAN ->
          start
              .where(new NewLink())
              .times(bots.scan.distinctLinks)
              .consecutive()
              .within(AlertRules.parse(bots.scan.within));
      case METRONOME ->
          start
              .where(new Any())
              .times(bots.metronome.clicks)
              .consecutive()
              .within(AlertRules.parse(bots.metronome.within));
    };
  }

  /**
   * Whether a match really shows the pattern. Burst and scan are decided by the pattern itself; a
   * metronome needs intervals of at least the minimum whose variation is below the maximum.
   */
  public boolean confirms(List<ClientClick> clicks, AlertRules.Bots bots) {
    if (this != METRONOME) {
      return true;
    }
    int n = clicks.size() - 1;
    double[] intervals = new double[n];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      intervals[i] = clicks.get(i + 1).eventTime - clicks.get(i).eventTime;
      sum += intervals[i];
    }
    double mean = sum / n;
    double squares = 0;
    for (double interval : intervals) {
      squares += (interval - mean) * (interval - mean);
    }
    double variation = Math.sqrt(squares / n) / mean;
    return mean >= AlertRules.parse(bots.metronome.minInterval).toMillis()
        && variation <= bots.metronome.maxIntervalVariation;
  }

  /** Every click. */
  static final class Any extends SimpleCondition<ClientClick> {
    @Override
    public boolean filter(ClientClick click) {
      return true;
    }
  }

  /** A click on a link the partial match has not clicked yet. */
  static final class NewLink extends IterativeCondition<ClientClick> {
    @Override
    public boolean filter(ClientClick click, Context<ClientClick> ctx) throws Exception {
      for (ClientClick earlier : ctx.getEventsForPattern(CLICKS)) {
        if (earlier.linkId.equals(click.linkId)) {
          return false;
        }
      }
      return true;
    }
  }
}
