package io.clickpulse.jobs.alert;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Follows each subject's episodes minute by minute and turns them into alerts. A run of anomalous
 * minutes (in one {@link Episode}'s sense) fires once it has the rule's minutes in a row; a run
 * that fired is resolved by the subject's first minute that is not anomalous, or by the {@link
 * MinuteObservation#end end} of its observations (no clicks for {@code baseline.inactive-after}, or
 * the input ended). A run that ends before it fires says nothing.
 *
 * <p>Firing and resolved come from the same state, one after the other, so a resolution always
 * follows its firing, and they share the episode's id: rule, subject and the run's first minute.
 * Keyed by subject; {@link ObserveMinutes} sends a subject's minutes in order. State exists only
 * while a run is open; there are no timers.
 */
public class EpisodeAlerts extends KeyedProcessFunction<String, MinuteObservation, Alert> {
  private static final long MINUTE = 60_000;

  /** How an alert about a run comes about. */
  private enum Outcome {
    FIRING,
    BACK_TO_NORMAL,
    NO_FURTHER_CLICKS
  }

  private final AlertRules rules;

  private transient ValueState<OpenEpisodes> open;
  private transient int[] minutesToFire;

  public EpisodeAlerts(AlertRules rules) {
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    open =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("open-episodes", OpenEpisodes.class));
    minutesToFire = new int[Episode.values().length];
    for (Episode episode : Episode.values()) {
      minutesToFire[episode.ordinal()] = episode.minutes(rules);
    }
  }

  @Override
  public void processElement(MinuteObservation o, Context ctx, Collector<Alert> out)
      throws Exception {
    OpenEpisodes episodes = open.value();
    if (episodes == null) {
      if (!o.spike && !o.drop && !o.broken) {
        return; // the usual minute: nothing open, nothing starts
      }
      episodes = new OpenEpisodes();
    }
    for (Episode episode : Episode.values()) {
      OpenEpisode run = episodes.get(episode);
      if (episode.test(o)) {
        if (run == null) {
          run = OpenEpisode.startingAt(o);
          episodes.set(episode, run);
        } else {
          run.add(o);
        }
        if (!run.fired && run.minutes >= minutesToFire[episode.ordinal()]) {
          run.fired = true;
          out.collect(alert(episode, run, Outcome.FIRING));
        }
      } else if (run != null) {
        if (run.fired) {
          out.collect(
              alert(episode, run, o.end ? Outcome.NO_FURTHER_CLICKS : Outcome.BACK_TO_NORMAL));
        }
        episodes.set(episode, null);
      }
    }
    if (episodes.isEmpty()) {
      open.clear();
    } else {
      open.update(episodes);
    }
  }

  /** The alert about a run as it stands: its minutes so far, first to last. */
  private Alert alert(Episode episode, OpenEpisode run, Outcome outcome) {
    MinuteObservation first = run.first;
    Alert a = new Alert();
    a.rule = episode.rule();
    a.severity = episode.severity();
    a.status = outcome == Outcome.FIRING ? "firing" : "resolved";
    a.subjectType = first.subjectType;
    a.subjectId = first.subjectId;
    a.linkId = first.linkId;
    a.campaignId = first.campaignId;
    a.owner = first.owner;
    a.windowStart = first.minute;
    a.windowEnd = run.lastMinute + MINUTE;
    a.expected = Math.round(first.baselineMean * 10) / 10.0;
    switch (episode) {
      case SPIKE -> {
        a.observed = run.maxHumanClicks;
        a.reason =
            describe("human clicks per minute jumped to", a.observed, "from about", a.expected);
      }
      case DROP -> {
        a.observed = run.minHumanClicks;
        a.reason =
            describe("human clicks per minute fell to", a.observed, "from about", a.expected);
      }
      case BROKEN_REDIRECT -> {
        a.observed = run.redirectErrors;
        a.expected = 0;
        a.reason =
            String.format(
                "%d of %d clicks got a failed redirect (status >= 400 or unreachable)",
                run.redirectErrors, run.clicks);
        a.evidence.put(
            "error_rate",
            String.format("%.2f", run.clicks == 0 ? 0 : (double) run.redirectErrors / run.clicks));
      }
    }
    switch (outcome) {
      case FIRING -> {}
      case BACK_TO_NORMAL -> a.reason = "back to normal after " + run.minutes + " min: " + a.reason;
      case NO_FURTHER_CLICKS ->
          a.reason =
              "no further clicks, no longer watched after " + run.minutes + " min: " + a.reason;
    }
    a.reason = a.subjectType + " " + a.subjectId + ": " + a.reason;
    a.evidence.put("top_referrers", run.lastTopReferrers);
    a.evidence.put("top_countries", run.lastTopCountries);
    a.evidence.put("minutes", String.valueOf(run.minutes));
    return AlertIds.identify(a, rules.dashboardUrlTemplate());
  }

  private static String describe(String what, double observed, String from, double expected) {
    return String.format("%s %d %s %.0f", what, (long) observed, from, expected);
  }
}
