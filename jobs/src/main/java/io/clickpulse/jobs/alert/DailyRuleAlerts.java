package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One {@link DailyRule} over the clicks that break it, keyed by link: one alert per link and day
 * once the day has the rule's minimum of such clicks. State is cleared when the day ends.
 */
public class DailyRuleAlerts extends KeyedProcessFunction<String, EnrichedClick, Alert> {
  private static final long DAY = 24 * 3600 * 1000L;

  private final DailyRule rule;
  private final AlertRules rules;
  private transient ValueState<Long> day;
  private transient ValueState<Long> count;

  /** The day's offending clicks until the alert fires, for its context; cleared then. */
  private transient ValueState<DailyTally> tally;

  public DailyRuleAlerts(DailyRule rule, AlertRules rules) {
    this.rule = rule;
    this.rules = rules;
  }

  @Override
  public void open(OpenContext openContext) {
    day = getRuntimeContext().getState(new ValueStateDescriptor<>("day", Long.class));
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
    tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", DailyTally.class));
  }

  @Override
  public void processElement(EnrichedClick click, Context ctx, Collector<Alert> out)
      throws Exception {
    long clickDay = click.click.eventTime - Math.floorMod(click.click.eventTime, DAY);
    if (day.value() == null || day.value() != clickDay) {
      day.update(clickDay);
      count.update(0L);
      ctx.timerService().registerEventTimeTimer(clickDay + DAY - 1);
    }
    long n = count.value() + 1;
    count.update(n);
    int minClicks = rule.minClicks(rules);
    if (n > minClicks) {
      return;
    }
    DailyTally t = tally.value() == null ? new DailyTally() : tally.value();
    t.add(click);
    if (n < minClicks) {
      tally.update(t);
    } else {
      tally.clear();
      Alert a = new Alert();
      a.rule = rule.rule();
      a.severity = "info";
      a.status = "firing";
      a.subjectType = SubjectClick.LINK;
      a.subjectId = click.click.linkId;
      a.linkId = click.click.linkId;
      a.campaignId = click.click.campaignId;
      a.owner = rules.owner(a.linkId, a.campaignId, SubjectClick.catalogOwnerOr(click));
      a.windowStart = clickDay;
      a.windowEnd = clickDay + DAY;
      a.observed = n;
      rule.describe(a, click, rules);
      a.context = AlertContexts.daily(click, t);
      out.collect(AlertIds.identify(a, rules.dashboardUrlTemplate()));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
    day.clear();
    count.clear();
    tally.clear();
  }
}
