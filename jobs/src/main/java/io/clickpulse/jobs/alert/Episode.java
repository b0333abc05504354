package io.clickpulse.jobs.alert;

import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;

/**
 * The anomalies that last (spike, drop, broken redirects): which minutes are anomalous in each
 * sense, how many of them in a row make it fire, and the two CEP patterns over a subject's minute
 * observations that find an episode's onset (firing) and its end (resolved).
 *
 * <p>Both patterns begin at the run's first anomalous minute, the one that does not {@link #follows
 * follow} an anomalous minute. Every step follows the previous one strictly ({@code next}, {@code
 * consecutive}), and a minute is either calm or anomalous, so a subject has at most one partial
 * match per pattern, and only while a run lasts: calm subjects cost the CEP operators nothing. Each
 * run that reaches the rule's minutes matches each pattern exactly once, at the same first minute:
 * one firing and one resolved alert with the same id. A shorter run matches neither. The patterns
 * only need to see the minutes that {@link #matters matter} to them; {@link AlertDetection} filters
 * the others out.
 */
public enum Episode {
  SPIKE("spike", "info"),
  DROP("drop", "warning"),
  BROKEN_REDIRECT("broken_redirect", "critical");

  private static final Episode[] ALL = values(); // values() copies the array at every call

  /** The pattern steps, as named in a match: the run is {@link #FIRST} then {@link #RUN}. */
  static final String FIRST = "first";

  static final String RUN = "run";
  static final String AFTER = "after";

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

  /** Whether a minute is anomalous in this episode's sense (a mark never is). */
  public boolean test(MinuteObservation o) {
    return o.isMinute()
        && switch (this) {
          case SPIKE -> o.spike;
          case DROP -> o.drop;
          case BROKEN_REDIRECT -> o.broken;
        };
  }

  /** Whether the subject's minute before this one was anomalous in this episode's sense. */
  public boolean follows(MinuteObservation o) {
    return o.isMinute()
        && switch (this) {
          case SPIKE -> o.afterSpike;
          case DROP -> o.afterDrop;
          case BROKEN_REDIRECT -> o.afterBroken;
        };
  }

  /**
   * Whether the patterns need to see this minute or mark: all but the calm minutes that follow a
   * calm minute. Those change no match: a calm minute only matters as the one after a run, which
   * follows an anomalous minute. Most minutes are calm, so the CEP operators see a small part of
   * them.
   */
  public boolean matters(MinuteObservation o) {
    return !o.isMinute() || test(o) || follows(o);
  }

  /** Whether any episode's patterns see this minute ({@link #matters}); once per judged minute. */
  public static boolean mattersToAny(MinuteObservation o) {
    for (Episode episode : ALL) {
      if (episode.matters(o)) {
        return true;
      }
    }
    return false;
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

  /**
   * The onset, which fires: the rule's minutes in a row anomalous, from the run's first. Matches on
   * the minute that completes them; the match's {@link #FIRST} and {@link #RUN} are those minutes.
   */
  public Pattern<MinuteObservation, ?> onset(AlertRules rules) {
    Pattern<MinuteObservation, MinuteObservation> first = first();
    int more = minutes(rules) - 1;
    return more == 0 ? first : first.next(RUN).where(goesOn()).times(more).consecutive();
  }

  /**
   * The end, which resolves: at least the rule's minutes in a row anomalous, from the run's first,
   * then a calm minute or the end mark (the subject is no longer observed). The match's {@link
   * #FIRST} and {@link #RUN} are the whole episode, its {@link #AFTER} what ended it.
   */
  public Pattern<MinuteObservation, ?> end(AlertRules rules) {
    int more = minutes(rules) - 1;
    Pattern<MinuteObservation, MinuteObservation> run = first().next(RUN).where(goesOn());
    run =
        more == 0 ? run.oneOrMore().optional().consecutive() : run.timesOrMore(more).consecutive();
    return run.next(AFTER).where(new Is(this, Step.CALM_OR_END));
  }

  /** No skip strategy: a subject has one run at a time, so there is one match to begin with. */
  private Pattern<MinuteObservation, MinuteObservation> first() {
    return Pattern.<MinuteObservation>begin(FIRST, AfterMatchSkipStrategy.noSkip())
        .where(new Is(this, Step.FIRST));
  }

  private Is goesOn() {
    return new Is(this, Step.GOES_ON);
  }

  private enum Step {
    FIRST,
    GOES_ON,
    CALM_OR_END
  }

  /** One step of the patterns, in one episode's sense. */
  static final class Is extends SimpleCondition<MinuteObservation> {
    private final Episode episode;
    private final Step step;

    Is(Episode episode, Step step) {
      this.episode = episode;
      this.step = step;
    }

    @Override
    public boolean filter(MinuteObservation o) {
      return switch (step) {
        case FIRST -> episode.test(o) && !episode.follows(o);
        case GOES_ON -> episode.test(o) && episode.follows(o);
        case CALM_OR_END -> o.end || (o.isMinute() && !episode.test(o));
      };
    }
  }

  /**
   * A subject's minutes and end mark in the order {@link ObserveMinutes} emits them: by minute, and
   * an end mark after a minute it shares its timestamp with. CEP sorts by timestamp first.
   */
  static final class InMinuteOrder implements EventComparator<MinuteObservation> {
    @Override
    public int compare(MinuteObservation a, MinuteObservation b) {
      int byMinute = Long.compare(a.minute, b.minute);
      return byMinute != 0 ? byMinute : Boolean.compare(a.end, b.end);
    }
  }
}
