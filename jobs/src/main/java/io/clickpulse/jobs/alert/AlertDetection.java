package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
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

  public static Result apply(DataStream<EnrichedClick> clicks, AlertRules rules) {
    List<DataStream<Alert>> alerts = new ArrayList<>();

    KeyedStream<MinuteObservation, String> minutes =
        clicks
            .flatMap(new ToSubjects())
            .name("alert-subjects")
            .uid("alert-subjects")
            .keyBy(SubjectClick::subjectKey)
            .process(new ObserveMinutes(rules))
            .name("observe-minutes")
            .uid("observe-minutes")
            .keyBy(MinuteObservation::subjectKey);
    for (Episode episode : Episode.values()) {
      for (boolean firing : new boolean[] {true, false}) {
        String name = episode.rule() + (firing ? "-starts" : "-ends");
        alerts.add(
            CEP.pattern(minutes, firing ? episode.starts(rules) : episode.ends(rules))
                .inEventTime()
                .process(new EpisodeAlerts(episode, firing, rules.dashboardUrlTemplate()))
                .name(name)
                .uid(name));
      }
    }

    List<DataStream<BotClient>> botClients = new ArrayList<>();
    if (rules.bots().enabled) {
      KeyedStream<ClientClick, Long> byClient =
          clicks
              .map(ClientClick::of)
              .name("alert-clients")
              .uid("alert-clients")
              .keyBy(c -> c.visitorId);
      for (ClientPattern pattern : ClientPattern.values()) {
        SingleOutputStreamOperator<Alert> matched =
            CEP.pattern(byClient, pattern.pattern(rules.bots()))
                .inEventTime()
                .process(new ClientPatternAlerts(pattern, rules))
                .name(pattern.rule())
                .uid(pattern.rule());
        alerts.add(matched);
        botClients.add(matched.getSideOutput(ClientPatternAlerts.BOT_CLIENTS));
      }
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

    DataStream<Alert> all =
        alerts.get(0).union(alerts.subList(1, alerts.size()).toArray(DataStream[]::new));
    DataStream<Alert> suppressed =
        all.keyBy(a -> a.fingerprint)
            .process(new SuppressRepeatedAlerts(AlertRules.parse(rules.bots().cooldown)))
            .name("suppress-repeated-alerts")
            .uid("suppress-repeated-alerts");
    DataStream<BotClient> clients =
        botClients.isEmpty()
            ? null
            : botClients
                .get(0)
                .union(botClients.subList(1, botClients.size()).toArray(DataStream[]::new));
    return new Result(suppressed, clients);
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
