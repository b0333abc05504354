package io.clickpulse.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clickpulse.evaluate.Evaluation.Kind;
import io.clickpulse.jobs.aggregate.MinuteAggregation;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertDetection;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.testing.LiveWatermarks;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The evaluator's figures hold for the shipped job, live and from a backlog: a few labelled
 * scenarios go through the real alert graph ({@link AlertDetection#apply}) on a MiniCluster, once
 * in event-time order with the watermark following each click (live) and once shuffled within the
 * watermark's 30 s bound (a backlog read from several partitions), and both fire exactly the alerts
 * {@link ShippedEpisodes} finds on the same minutes: same rule, link and window start.
 */
class LiveBacklogParityTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final AlertRules RULES = AlertRules.bundled();

  @ParameterizedTest(name = "{0} at level index {2}, seed {1}")
  @CsvSource({"SPIKE_5X, 1, 3", "SPIKE_10X, 2, 1", "DROP, 3, 4", "BROKEN, 4, 2", "SPIKE_5X, 5, 2"})
  void theGraphFiresWhatTheEvaluatorFindsLiveAndFromABacklog(Kind kind, int seed, int level)
      throws Exception {
    Evaluation.Planted planted = Evaluation.planted(kind, seed, level);
    MinuteSeries series = planted.series();
    TreeSet<String> expected = new TreeSet<>();
    for (SeriesDetector.Firing f : new ShippedEpisodes(RULES).detect(series)) {
      expected.add(f.rule() + " link:" + series.linkId() + " @" + f.firstMinute());
    }
    assertFalse(
        expected.stream().noneMatch(a -> a.startsWith(kind.rule)),
        "the scenario's incident is detected, so the parity means something: " + expected);

    List<EnrichedClick> clicks = clicks(series, new SplittableRandom(seed));
    clicks.sort(Comparator.comparingLong(c -> c.click.eventTime));
    assertEquals(expected, firing(clicks), "live: in event-time order");

    // A backlog: each click up to 25 s away from its place, within the watermark's 30 s bound.
    SplittableRandom jitter = new SplittableRandom(seed * 31L);
    List<long[]> keys = new ArrayList<>();
    for (int i = 0; i < clicks.size(); i++) {
      keys.add(new long[] {clicks.get(i).click.eventTime + jitter.nextLong(25_000), i});
    }
    keys.sort(Comparator.comparingLong(k -> k[0]));
    List<EnrichedClick> shuffled = new ArrayList<>();
    keys.forEach(k -> shuffled.add(clicks.get((int) k[1])));
    assertEquals(expected, firing(shuffled), "backlog: out of order within the bound");
  }

  /** Each minute's human clicks at random seconds, the redirect errors among them failing. */
  private static List<EnrichedClick> clicks(MinuteSeries s, SplittableRandom random) {
    List<EnrichedClick> out = new ArrayList<>();
    for (int i = 0; i < s.minutes(); i++) {
      for (long n = 0; n < s.humanClicks()[i]; n++) {
        EnrichedClick c = new EnrichedClick();
        c.click = new ClickEvent();
        c.click.eventId = "e" + i + "-" + n;
        c.click.eventTime = s.minuteAt(i) + random.nextLong(MinuteSeries.MINUTE);
        c.click.linkId = s.linkId();
        c.click.campaignId = s.campaignId();
        c.click.campaignOwner = "owner@shop.example";
        c.click.utmSource = "newsletter";
        c.click.utmMedium = "email";
        c.click.utmCampaign = "spring";
        c.click.redirectStatus = n < s.redirectErrors()[i] ? 502 : 302;
        c.click.userAgent = "Mozilla/5.0";
        c.click.destinationUrl = "https://shop.example/" + s.linkId();
        c.visitorId = random.nextLong();
        c.botReason = "";
        c.referrerDomain = "google.com";
        c.ipNetwork = "198.51.100.0/24";
        c.deviceClass = "desktop";
        out.add(c);
      }
    }
    return out;
  }

  /** The firing alerts about links, as "rule link:id @windowStart". */
  private static TreeSet<String> firing(List<EnrichedClick> clicks) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(2);
    AlertDetection.Result result =
        AlertDetection.apply(
            MinuteAggregation.onTime(
                env.fromData(clicks)
                    .setParallelism(1)
                    .assignTimestampsAndWatermarks(
                        LiveWatermarks.<EnrichedClick>afterEachEvent()
                            .withTimestampAssigner((c, ts) -> c.click.eventTime))
                    .setParallelism(1)),
            RULES);
    TreeSet<String> out = new TreeSet<>();
    try (CloseableIterator<Alert> alerts = result.alerts().collectAsync()) {
      env.execute("parity");
      alerts.forEachRemaining(
          a -> {
            if (a.status.equals("firing") && a.subjectType.equals("link")) {
              out.add(a.rule + " link:" + a.subjectId + " @" + a.windowStart);
            }
          });
    }
    return out;
  }
}
