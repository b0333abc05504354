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
 * <p>Both patterns begin at the same place: the minute before the run of anomalous minutes, which
 * is either a calm minute or the subject's {@link MinuteObservation#start start} mark (so a subject
 * whose first observed minute is already anomalous needs no special case). Every step follows the
 * previous one strictly ({@code next}, {@code consecutive}), and a minute is either calm or
 * anomalous, so a subject has at most one partial match per pattern, and each run that reaches the
 * rule's minutes matches each pattern exactly once, at the same first minute: one firing and one
 * resolved alert with the same id. A shorter run matches neither. The patterns only need to see the
 * minutes that {@link #matters matter} to them; {@link AlertDetection} filters the others out.
 */
public enum Episode {
  SPIKE("spike", "info"),
  DROP("drop", "warning"),
  BROKEN_REDIRECT("broken_redirect", "critical");

  /** The pattern steps, as named in a match. */
  static final String BEFORE = "before";

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
   * calm minute. Those change no match: a calm minute only matters as the one after a run (which
   * follows an anomalous minute) or as the one before a run, and there any earlier calm minute (or
   * the start mark) since the last anomalous one serves as well, since nothing between them is
   * anomalous. Most minutes are calm, so the CEP operators see a small part of them.
   */
  public boolean matters(MinuteObservation o) {
    return !o.isMinute() || test(o) || follows(o);
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
   * The onset, which fires: a calm minute or the start mark, then the rule's minutes in a row
   * anomalous. Matches on the minute that completes them; the match's {@link #RUN} is those
   * minutes.
   */
  public Pattern<MinuteObservation, ?> onset(AlertRules rules) {
    return Pattern.<MinuteObservation>begin(BEFORE, AfterMatchSkipStrategy.noSkip())
        .where(new Is(this, Step.CALM_OR_START))
        .next(RUN)
        .where(new Is(this, Step.ANOMALOUS))
        .times(minutes(rules))
        .consecutive();
  }

  /**
   * The end, which resolves: the same beginning, at least the rule's minutes in a row anomalous,
   * then a calm minute or the end mark (the subject is no longer observed). The match's {@link
   * #RUN} is the whole episode, its {@link #AFTER} what ended it.
   *
   * <p>No skip strategy: there is only one match to begin with. Skipping past the last event would
   * be wrong here: the calm minute that ends one episode may be the one before the next, whose
   * partial match begins on it and must survive.
   */
  public Pattern<MinuteObservation, ?> end(AlertRules rules) {
    return Pattern.<MinuteObservation>begin(BEFORE, AfterMatchSkipStrategy.noSkip())
        .where(new Is(this, Step.CALM_OR_START))
        .next(RUN)
        .where(new Is(this, Step.ANOMALOUS))
        .timesOrMore(minutes(rules))
        .consecutive()
        .next(AFTER)
        .where(new Is(this, Step.CALM_OR_END));
  }

  private enum Step {
    CALM_OR_START,
    ANOMALOUS,
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
        case CALM_OR_START -> o.start || (o.isMinute() && !episode.test(o));
        case ANOMALOUS -> episode.test(o);
        case CALM_OR_END -> o.end || (o.isMinute() && !episode.test(o));
      };
    }
  }

  /**
   * A subject's marks and minutes in the order {@link ObserveMinutes} emits them: by minute, and
   * within one a start mark before the minute it starts (the end mark has the minute after the
   * last). CEP sorts by timestamp first; a mark can share its timestamp with a minute.
   */
  static final class InMinuteOrder implements EventComparator<MinuteObservation> {
    @Override
    public int compare(MinuteObservation a, MinuteObservation b) {
      int byMinute = Long.compare(a.minute, b.minute);
      return byMinute != 0 ? byMinute : Integer.compare(rank(a), rank(b));
    }

    private static int rank(MinuteObservation o) {
      return o.start ? 0 : o.end ? 2 : 1;
    }
  }
}
