package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.pipeline.EnrichedClickFormat;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * All alert rules over the enriched, timestamped, test-free clicks. Returns the alerts (repeats
 * suppressed) and, on the side, the bot clients.
 */
public final class AlertDetection {
  private AlertDetection() {}

  /** The alerts, and the bot clients the patterns caught (null when bot rules are disabled). */
  public record Result(DataStream<Alert> alerts, DataStream<BotClient> botClients) {}

  /**
   * The clicks with the bot patterns' verdict ({@link DetectClientPatterns}): a caught client's
   * clicks marked as bots; the pattern alerts and bot clients are its side outputs.
   */
  public static SingleOutputStreamOperator<EnrichedClick> clientPatterns(
      DataStream<EnrichedClick> clicks, AlertRules rules) {
    return clicks
        .keyBy(c -> c.visitorId)
        .transform("client-patterns", EnrichedClickFormat.TYPE, new DetectClientPatterns(rules))
        .uid("client-patterns-v2");
  }

  /** All alert rules over on-time, test-free clicks, the client patterns' verdict included. */
  public static Result apply(DataStream<EnrichedClick> clicks, AlertRules rules) {
    SingleOutputStreamOperator<EnrichedClick> patterns =
        rules.bots().enabled ? clientPatterns(clicks, rules) : null;
    return apply(patterns == null ? clicks : patterns, patterns, rules);
  }

  /**
   * The alerts over {@code clicks} (the on-time, test-free clicks, after {@code patterns} judged
   * them), with those of {@code patterns} ({@link #clientPatterns}, null when bot rules are off).
   */
  public static Result apply(
      DataStream<EnrichedClick> clicks,
      SingleOutputStreamOperator<EnrichedClick> patterns,
      AlertRules rules) {
    List<DataStream<Alert>> alerts = new ArrayList<>();

    DataStream<MinuteObservation> minutes =
        clicks
            .flatMap(new ToSubjects())
            .returns(SubjectClick.TYPE)
            .name("alert-subjects")
            .uid("alert-subjects")
            .keyBy(SubjectClick::subjectKey)
            .transform(
                "observe-minutes",
                TypeInformation.of(MinuteObservation.class),
                new ObserveMinutes(rules))
            .uid("observe-minutes");
    alerts.add(episodes(minutes, rules));

    DataStream<BotClient> botClients = null;
    if (patterns != null) {
      alerts.add(patterns.getSideOutput(DetectClientPatterns.ALERTS));
      botClients = patterns.getSideOutput(DetectClientPatterns.BOT_CLIENTS);
    }

    for (DailyRule daily : DailyRule.values()) {
      if (daily.enabled(rules)) {
        alerts.add(
            clicks
                .filter(c -> daily.offends(c, rules))
                .name(daily.rule() + "-clicks")
                .uid(daily.rule() + "-clicks")
                .keyBy(c -> c.click.linkId)
                .process(new DailyRuleAlerts(daily, rules))
                .name(daily.rule())
                .uid(daily.rule()));
      }
    }

    // Absolute counts of human clicks: hourly thresholds and milestones.
    alerts.addAll(ClickCountAlerts.apply(clicks, rules));

    DataStream<Alert> suppressed =
        union(alerts)
            .keyBy(SuppressRepeatedAlerts::key)
            .process(new SuppressRepeatedAlerts(AlertRules.parse(rules.bots().cooldown)))
            .name("suppress-repeated-alerts")
            .uid("suppress-repeated-alerts");
    return new Result(suppressed, botClients);
  }

  /**
   * Spikes, drops and broken redirects: per episode, the minutes that matter to its patterns, keyed
   * by subject, into one CEP operator for its onset (firing) and one for its end (resolved); then,
   * keyed by alert id, each episode's firing alert before its resolution.
   */
  static DataStream<Alert> episodes(DataStream<MinuteObservation> minutes, AlertRules rules) {
    List<DataStream<Alert>> matched = new ArrayList<>();
    for (Episode episode : Episode.values()) {
      KeyedStream<MinuteObservation, String> relevant =
          minutes
              .filter(episode::matters)
              .name(episode.rule() + "-minutes")
              .uid(episode.rule() + "-minutes")
              .keyBy(MinuteObservation::subjectKey);
      for (boolean firing : new boolean[] {true, false}) {
        String name = episode.rule() + (firing ? "-onset" : "-end");
        matched.add(
            CEP.pattern(
                    relevant,
                    firing ? episode.onset(rules) : episode.end(rules),
                    new Episode.InMinuteOrder())
                .inEventTime()
                .process(new EpisodeAlerts(episode, firing, rules.dashboardUrlTemplate()))
                .name(name)
                .uid(name));
      }
    }
    return union(matched)
        .keyBy(a -> a.alertId)
        .process(new OrderEpisodeAlerts())
        .name("episode-alerts-in-order")
        .uid("episode-alerts-in-order");
  }

  @SuppressWarnings("unchecked")
  private static <T> DataStream<T> union(List<DataStream<T>> streams) {
    return streams.get(0).union(streams.subList(1, streams.size()).toArray(DataStream[]::new));
  }

  /** Each click counts for its link and, if it has one, its campaign. */
  static class ToSubjects implements FlatMapFunction<EnrichedClick, SubjectClick> {
    @Override
    public void flatMap(EnrichedClick click, Collector<SubjectClick> out) {
      out.collect(SubjectClick.of(click, SubjectClick.LINK, click.click.linkId));
      if (click.click.campaignId != null && !click.click.campaignId.isEmpty()) {
        out.collect(SubjectClick.of(click, SubjectClick.CAMPAIGN, click.click.campaignId));
      }
    }
  }
}
