package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Campaign links whose clicks lack required UTM fields: one alert per link and day, once the day
 * has {@code missing-utm.min-clicks} such clicks. Keyed by link; state is cleared when the day
 * ends.
 */
public class MissingUtmAlerts extends KeyedProcessFunction<String, EnrichedClick, Alert> {
  private static final long DAY = 24 * 3600 * 1000L;

  private final AlertRules rules;
  private transient ValueState<Long> day;
  private transient ValueState<Long> count;

  public MissingUtmAlerts(AlertRules rules) {
    this.rules = rules;
  }

  /** The required UTM fields the click lacks; empty if none (or if it is no campaign link). */
  public static List<String> missing(EnrichedClick c, List<String> required) {
    if (c.click.campaignId == null || c.click.campaignId.isEmpty()) {
      return List.of();
    }
    return required.stream().filter(field -> blank(raw(c, field))).toList();
  }

  private static String raw(EnrichedClick c, String field) {
    return switch (field) {
      case "utm_source" -> c.click.utmSource;
      case "utm_medium" -> c.click.utmMedium;
      case "utm_campaign" -> c.click.utmCampaign;
      case "utm_term" -> c.click.utmTerm;
      default -> c.click.utmContent;
    };
  }

  private static boolean blank(String value) {
    return value == null || value.isBlank();
  }

  @Override
  public void open(OpenContext openContext) {
    day = getRuntimeContext().getState(new ValueStateDescriptor<>("day", Long.class));
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
  }

  @Override
  public void processElement(EnrichedClick click, Context ctx, Collector<Alert> out)
      throws Exception {
    List<String> missing = missing(click, rules.missingUtm().required);
    long clickDay = click.click.eventTime - Math.floorMod(click.click.eventTime, DAY);
    if (day.value() == null || day.value() != clickDay) {
      day.update(clickDay);
      count.update(0L);
      ctx.timerService().registerEventTimeTimer(clickDay + DAY - 1);
    }
    long n = count.value() + 1;
    count.update(n);
    if (n == rules.missingUtm().minClicks) {
      Alert a = new Alert();
      a.rule = "missing_utm";
      a.severity = "info";
      a.status = "firing";
      a.subjectType = SubjectClick.LINK;
      a.subjectId = click.click.linkId;
      a.linkId = click.click.linkId;
      a.campaignId = click.click.campaignId;
      a.owner = rules.owner(a.linkId, a.campaignId, click.click.campaignOwner);
      a.windowStart = clickDay;
      a.windowEnd = clickDay + DAY;
      a.observed = n;
      a.reason =
          String.format(
              "link %s of campaign %s: clicks arrive without %s, so they cannot be attributed",
              a.linkId, a.campaignId, String.join(", ", missing));
      a.evidence.put("missing_fields", String.join(", ", missing));
      a.evidence.put("destination_url", click.click.destinationUrl);
      out.collect(AlertIds.identify(a, rules.dashboardUrlTemplate()));
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) {
    day.clear();
    count.clear();
  }
}
