package io.clickpulse.jobs.alert;

import java.util.List;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a matched episode into an alert. Firing and resolved alerts of one episode share its id:
 * rule, subject and the first anomalous minute.
 */
public class EpisodeAlerts extends PatternProcessFunction<MinuteObservation, Alert> {
  private final Episode episode;
  private final boolean firing;
  private final String dashboardUrlTemplate;

  public EpisodeAlerts(Episode episode, boolean firing, String dashboardUrlTemplate) {
    this.episode = episode;
    this.firing = firing;
    this.dashboardUrlTemplate = dashboardUrlTemplate;
  }

  @Override
  public void processMatch(
      Map<String, List<MinuteObservation>> match, Context ctx, Collector<Alert> out) {
    List<MinuteObservation> minutes = match.get("episode");
    MinuteObservation first = minutes.get(0);
    MinuteObservation last = minutes.get(minutes.size() - 1);
    Alert a = new Alert();
    a.rule = episode.rule();
    a.severity = episode.severity();
    a.status = firing ? "firing" : "resolved";
    a.subjectType = first.subjectType;
    a.subjectId = first.subjectId;
    a.linkId = first.linkId;
    a.campaignId = first.campaignId;
    a.owner = first.owner;
    a.windowStart = first.minute;
    a.windowEnd = last.minute + 60_000;
    a.expected = Math.round(first.baselineMean * 10) / 10.0;
    switch (episode) {
      case SPIKE -> {
        a.observed = minutes.stream().mapToLong(m -> m.humanClicks).max().orElse(0);
        a.reason =
            describe("human clicks per minute jumped to", a.observed, "from about", a.expected);
      }
      case DROP -> {
        a.observed = minutes.stream().mapToLong(m -> m.humanClicks).min().orElse(0);
        a.reason =
            describe("human clicks per minute fell to", a.observed, "from about", a.expected);
      }
      case BROKEN_REDIRECT -> {
        a.observed = minutes.stream().mapToLong(m -> m.redirectErrors).sum();
        a.expected = 0;
        long clicks = minutes.stream().mapToLong(m -> m.clicks).sum();
        a.reason =
            String.format(
                "%d of %d clicks got a failed redirect (status >= 400 or unreachable)",
                (long) a.observed, clicks);
        a.evidence.put("error_rate", String.format("%.2f", clicks == 0 ? 0 : a.observed / clicks));
      }
    }
    if (!firing) {
      a.reason = "back to normal after " + minutes.size() + " min: " + a.reason;
    }
    a.reason = a.subjectType + " " + a.subjectId + ": " + a.reason;
    a.evidence.put("top_referrers", last.topReferrers);
    a.evidence.put("top_countries", last.topCountries);
    a.evidence.put("minutes", String.valueOf(minutes.size()));
    out.collect(AlertIds.identify(a, dashboardUrlTemplate));
  }

  private static String describe(String what, double observed, String from, double expected) {
    return String.format("%s %d %s %.0f", what, (long) observed, from, expected);
  }
}
