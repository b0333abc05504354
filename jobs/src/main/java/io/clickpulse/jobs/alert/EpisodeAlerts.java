package io.clickpulse.jobs.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a match of an {@link Episode}'s onset pattern into its firing alert, or a match of its end
 * pattern into the resolved one. Both have the episode's id: rule, subject and the run's first
 * minute. A resolution says what ended the episode: a calm minute ("back to normal"), or the end of
 * the subject's observations (no clicks for {@code baseline.inactive-after}, or the input ended).
 *
 * <p>The two patterns run in separate operators, so their alerts are put in order afterwards, by
 * {@link OrderEpisodeAlerts}.
 */
public class EpisodeAlerts extends PatternProcessFunction<MinuteObservation, Alert> {
  private static final long MINUTE = 60_000;

  /** How an alert about a run comes about. */
  private enum Outcome {
    FIRING,
    BACK_TO_NORMAL,
    NO_FURTHER_CLICKS
  }

  private final Episode episode;
  private final boolean firing;
  private final String dashboardUrlTemplate;

  /** For the matches of the episode's onset pattern ({@code firing}) or of its end pattern. */
  public EpisodeAlerts(Episode episode, boolean firing, String dashboardUrlTemplate) {
    this.episode = episode;
    this.firing = firing;
    this.dashboardUrlTemplate = dashboardUrlTemplate;
  }

  @Override
  public void processMatch(
      Map<String, List<MinuteObservation>> match, Context ctx, Collector<Alert> out) {
    List<MinuteObservation> minutes = new ArrayList<>(match.get(Episode.FIRST));
    minutes.addAll(match.getOrDefault(Episode.RUN, List.of()));
    EpisodeRun run = new EpisodeRun(minutes);
    Outcome outcome =
        firing
            ? Outcome.FIRING
            : match.get(Episode.AFTER).get(0).end
                ? Outcome.NO_FURTHER_CLICKS
                : Outcome.BACK_TO_NORMAL;
    Alert alert = alert(episode, run, outcome, dashboardUrlTemplate);
    alert.context = AlertContexts.episode(minutes);
    out.collect(alert);
  }

  /** The alert about a run: its minutes so far (firing) or all of them (resolved). */
  private static Alert alert(
      Episode episode, EpisodeRun run, Outcome outcome, String dashboardUrlTemplate) {
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
    return AlertIds.identify(a, dashboardUrlTemplate);
  }

  private static String describe(String what, double observed, String from, double expected) {
    return String.format("%s %d %s %.0f", what, (long) observed, from, expected);
  }
}
