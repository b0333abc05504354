package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.LiveWatermarks;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Hourly thresholds and milestones through {@link AlertDetection#apply} on a MiniCluster. */
class ClickCountAlertsPipelineTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final long H = HourlyCounts.HOUR;
  private static final long T0 = Timeline.T0;
  private static final AlertRules RULES =
      AlertRules.parse(
          new ByteArrayInputStream(
              ("hourly: { link-clicks: 100 }\n"
                      + "milestones: { clicks: [50, 200, 1000] }\n"
                      + "campaigns: { c1: { hourly: { campaign-clicks: 150 } } }")
                  .getBytes(StandardCharsets.UTF_8)),
          "test-rules.yaml");

  @Test
  void hourlyThresholdsAndMilestonesFireOnceAndTheSameInAnyOrderWithinTheLag() throws Exception {
    Timeline t = new Timeline(21);
    t.steady("l1", "c1", 0, 60, 2); // about 120 human clicks in hour 0: above 100
    t.steady("l2", "c1", 0, 60, 1); // about 60: the campaign's hour 0 is above 150
    t.steady("l1", "c1", 60, 120, 1); // hour 1: below both
    t.steady("l3", "", 0, 120, 0.5); // no campaign, below 100
    for (int i = 0; i < 300; i++) { // bots: never counted
      EnrichedClick bot = t.human("l3", "", T0 + i * 20_000L, 1_000 + i, 302);
      bot.isBot = true;
      bot.botReason = "user_agent";
      t.add(bot);
    }
    long l1Hour0 = humans(t, "l1", 0);
    long c1Hour0 = l1Hour0 + humans(t, "l2", 0);
    long c1Total = c1Hour0 + humans(t, "l1", 1);
    assertTrue(l1Hour0 > 100 && humans(t, "l1", 1) <= 100 && c1Hour0 > 150, "the planted hours");
    assertTrue(c1Total >= 200 && c1Total < 1000 && humans(t, "l3", 0) <= 100, "planted totals");

    List<Alert> ordered = detect(t.clicks, new Random(0), 0);
    List<Alert> shuffled = detect(t.clicks, new Random(1), LiveWatermarks.LAG.toMillis());

    assertEquals(
        List.of(
            "hourly_clicks firing campaign:c1 @0h 151",
            "hourly_clicks firing link:l1 @0h 101",
            "hourly_clicks resolved campaign:c1 @0h " + c1Hour0,
            "hourly_clicks resolved link:l1 @0h " + l1Hour0,
            "milestone firing campaign:c1 200",
            "milestone firing campaign:c1 50"),
        summary(ordered));
    assertEquals(ids(ordered), ids(shuffled), "same ids whatever the order within the lag");
    assertEquals(summary(ordered), summary(shuffled));
    Alert resolved =
        ordered.stream()
            .filter(a -> a.status.equals("resolved") && a.subjectType.equals("link"))
            .findFirst()
            .orElseThrow();
    assertTrue(
        resolved.reason.startsWith("Link l1 of campaign c1 got " + l1Hour0 + " human clicks"),
        resolved.reason);
  }

  private static List<String> summary(List<Alert> alerts) {
    return alerts.stream()
        .filter(a -> a.rule.equals("hourly_clicks") || a.rule.equals("milestone"))
        .map(
            a ->
                a.rule
                    + " "
                    + a.status
                    + " "
                    + a.subjectType
                    + ":"
                    + a.subjectId
                    + (a.rule.equals("milestone") ? "" : " @" + (a.windowStart - T0) / H + "h")
                    + " "
                    + (long) a.observed)
        .sorted()
        .toList();
  }

  private static List<String> ids(List<Alert> alerts) {
    return alerts.stream()
        .filter(a -> a.rule.equals("hourly_clicks") || a.rule.equals("milestone"))
        .map(a -> a.alertId + "/" + a.status)
        .sorted()
        .toList();
  }

  private static long humans(Timeline t, String link, int hour) {
    return t.clicks.stream()
        .filter(c -> c.click.linkId.equals(link) && !c.isBot)
        .filter(c -> HourlyCounts.hourOf(c.click.eventTime) == T0 + hour * H)
        .count();
  }

  /**
   * The alerts of the clicks sent in event-time order, each delayed by up to {@code shuffle} ms (so
   * never behind a watermark 30 s after the latest click), with a watermark after every click.
   */
  private static List<Alert> detect(List<EnrichedClick> clicks, Random random, long shuffle)
      throws Exception {
    List<long[]> order = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      order.add(
          new long[] {clicks.get(i).click.eventTime + (long) (random.nextDouble() * shuffle), i});
    }
    order.sort(Comparator.comparingLong(o -> o[0]));
    List<EnrichedClick> arrival = order.stream().map(o -> clicks.get((int) o[1])).toList();

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    AlertDetection.Result result =
        AlertDetection.apply(
            MinuteAggregation.onTime(
                env.fromData(arrival)
                    .assignTimestampsAndWatermarks(
                        LiveWatermarks.<EnrichedClick>afterEachEvent()
                            .withTimestampAssigner((c, ts) -> c.click.eventTime))),
            RULES);
    CollectingSink<Alert> sink = new CollectingSink<>();
    result.alerts().sinkTo(sink);
    env.execute("click-count-alerts");
    return sink.collected();
  }
}
