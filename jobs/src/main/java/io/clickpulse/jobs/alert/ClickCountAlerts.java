package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;

/**
 * The rules on absolute counts of human clicks: hourly thresholds ({@link HourlyThresholdAlerts})
 * and milestones ({@link MilestoneAlerts}). Each gets, before its keyed operator, only the human
 * clicks of the subjects (links, campaigns) that have a threshold or milestones, so the million
 * links without one cost nothing but this check.
 */
final class ClickCountAlerts {
  private ClickCountAlerts() {}

  /** The alert streams of the rules that are configured (none if neither is). */
  static List<DataStream<Alert>> apply(DataStream<EnrichedClick> clicks, AlertRules rules) {
    List<DataStream<Alert>> alerts = new ArrayList<>();
    if (rules.hourlyEnabled()) {
      alerts.add(
          clicks
              .flatMap(new CountedSubjects(rules, true))
              .name("hourly_clicks-subjects")
              .uid("hourly_clicks-subjects")
              .keyBy(SubjectClick::subjectKey)
              .transform(
                  HourlyThresholdAlerts.RULE,
                  TypeInformation.of(Alert.class),
                  new HourlyThresholdAlerts(rules))
              .uid(HourlyThresholdAlerts.RULE));
    }
    if (rules.milestonesEnabled()) {
      alerts.add(
          clicks
              .flatMap(new CountedSubjects(rules, false))
              .name("milestone-subjects")
              .uid("milestone-subjects")
              .keyBy(SubjectClick::subjectKey)
              .process(new MilestoneAlerts(rules))
              .name(MilestoneAlerts.RULE)
              .uid(MilestoneAlerts.RULE));
    }
    return alerts;
  }

  /** A human click, for its link and its campaign, where that subject has the rule. */
  static class CountedSubjects implements FlatMapFunction<EnrichedClick, SubjectClick> {
    private final AlertRules rules;
    private final boolean hourly;

    CountedSubjects(AlertRules rules, boolean hourly) {
      this.rules = rules;
      this.hourly = hourly;
    }

    @Override
    public void flatMap(EnrichedClick click, Collector<SubjectClick> out) {
      if (click.isBot) {
        return; // only people count; behavioural bots are marked upstream
      }
      String campaign = click.click.campaignId;
      if (applies(SubjectClick.LINK, click.click.linkId, campaign)) {
        out.collect(SubjectClick.of(click, SubjectClick.LINK, click.click.linkId));
      }
      if (campaign != null
          && !campaign.isEmpty()
          && applies(SubjectClick.CAMPAIGN, campaign, campaign)) {
        out.collect(SubjectClick.of(click, SubjectClick.CAMPAIGN, campaign));
      }
    }

    boolean applies(String subjectType, String subjectId, String campaign) {
      return hourly
          ? rules.hourlyClicks(subjectType, subjectId, campaign) > 0
          : !rules.milestones(subjectType, subjectId).isEmpty();
    }
  }

  /** A firing info alert of {@code rule} about {@code click}'s subject, routed to its owner. */
  static Alert firingAbout(String rule, SubjectClick click, AlertRules rules) {
    Alert a = new Alert();
    a.rule = rule;
    a.severity = "info";
    a.status = "firing";
    a.subjectType = click.subjectType;
    a.subjectId = click.subjectId;
    a.linkId = SubjectClick.LINK.equals(click.subjectType) ? click.linkId : "";
    a.campaignId = click.campaignId;
    a.owner = rules.owner(a.linkId, a.campaignId, click.owner);
    return a;
  }
}
