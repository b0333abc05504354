package io.clickpulse.jobs.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.LinkEventProducer;
import io.clickpulse.stack.traffic.LinkEventRecord;
import io.clickpulse.stack.traffic.LinkLedger;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The link catalog end to end (issue #17) on the real engines: the generator's link events and
 * clicks through Kafka, the click pipeline with {@code kafka.topic.links} on the MiniCluster, and
 * ClickHouse. Every planted lifecycle problem alerts exactly once and nothing else does (the
 * expectations are the generator's {@link LinkLedger}, not the pipeline's), and the stored clicks
 * carry their link's campaign name, or count in {@code clicks_unknown_link}.
 *
 * <p>The join meets its two inputs in arrival order (docs/links.md), so the two topics are sent in
 * turns, each turn when the job has taken the previous one: link events until {@code link_events}
 * holds them, clicks until the clicks table holds those two minutes before the next link event.
 */
@Tag("engines")
class LinkCatalogEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final int PARTITIONS = 2;
  private static final long MINUTE = 60_000;

  @Test
  void everyPlantedLifecycleProblemAlertsOnceAndClicksCarryCampaignNames() throws Exception {
    // Fixed event times (yesterday 13:00-15:00 UTC): the minutes fall alike in every run.
    long now = System.currentTimeMillis();
    long end = now - Math.floorMod(now, 86_400_000L) - Duration.ofHours(9).toMillis();
    RealisticTraffic traffic =
        new RealisticTraffic(
            RealisticTraffic.Options.builder()
                .seed(17)
                .events(6_000)
                .span(Duration.ofHours(2))
                .end(end)
                .links(300)
                .producers(4)
                // Every click valid and on time: the turns below count stored clicks exactly.
                .defects(0, 0, 0)
                .lateShare(0)
                .scenario("demo")
                .linkEvents(true)
                .build());
    List<LinkEventRecord> events = new ArrayList<>();
    traffic.linkEvents().forEachRemaining(events::add);
    List<GeneratedRecord> clicks = traffic.stream().toList();
    LinkLedger ledger = LinkLedger.of(events, traffic.linkProblems());

    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("clicks_raw");
    String linksTopic = topic + "_links";
    String database = Engines.unique("catalog");
    String db = database + ".";
    kafka.createTopics(PARTITIONS, topic, topic + "_dlq", topic + "_alerts", linksTopic);
    ClickPipelineConfig config = config(kafka, clickhouse, topic, linksTopic, database);
    new ClickHouseMigrations(
            config.clickhouse().url(), config.clickhouse().user(), config.clickhouse().password())
        .apply();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(
            env,
            new ClickPipelineSources(
                ClickPipelineJob.sourceUntil(
                    config, OffsetsInitializer.offsets(ends(topic, keys(clicks)))),
                LinkSource.kafka(
                    config.kafka(),
                    linksTopic,
                    config.validation(),
                    StartingOffsets.EARLIEST,
                    OffsetsInitializer.offsets(
                        ends(linksTopic, events.stream().map(LinkEventRecord::key).toList()))),
                null),
            ClickPipelineSinks.of(config));
    JobClient job = env.executeAsync("link-catalog-e2e");

    try (var clickProducer = new TrafficProducer(kafka.bootstrapServers(), topic);
        var linkProducer = new LinkEventProducer(kafka.bootstrapServers(), linksTopic)) {
      int e = 0;
      int c = 0;
      while (e < events.size() || c < clicks.size()) {
        int eventsBefore = e;
        while (e < events.size()
            && (c == clicks.size() || events.get(e).eventTime() <= clicks.get(c).arrivalTime())) {
          linkProducer.send(events.get(e++));
        }
        if (e > eventsBefore) {
          linkProducer.flush();
          long sent = e;
          Await.until(
              sent + " link events taken",
              Duration.ofMinutes(2),
              () -> count(clickhouse, "SELECT count() FROM " + db + "link_events FINAL") >= sent,
              () -> String.valueOf(job.getJobStatus().join()));
        }
        long nextEvent = e < events.size() ? events.get(e).eventTime() : Long.MAX_VALUE;
        int clicksBefore = c;
        while (c < clicks.size() && clicks.get(c).arrivalTime() < nextEvent) {
          clickProducer.send(clicks.get(c++));
        }
        if (c > clicksBefore && e < events.size()) {
          clickProducer.flush();
          long until = nextEvent - 2 * MINUTE;
          long expected = clicks.subList(0, c).stream().filter(r -> r.eventTime() < until).count();
          Await.until(
              expected + " clicks before " + until + " stored",
              Duration.ofMinutes(2),
              () ->
                  count(
                          clickhouse,
                          "SELECT count() FROM "
                              + db
                              + "clicks FINAL WHERE toUnixTimestamp64Milli(event_time) < "
                              + until)
                      >= expected,
              () -> String.valueOf(job.getJobStatus().join()));
        }
      }
      clickProducer.flush();
    }
    JobExecutionResult result = job.getJobExecutionResult().get(5, TimeUnit.MINUTES);

    // Every planted lifecycle problem (and each partner link's unknown UTM source) alerts once,
    // and no other lifecycle alert fires.
    Map<String, Long> expectedAlerts = new TreeMap<>();
    ledger.expectedAlerts().forEach(a -> expectedAlerts.put(a.rule() + " " + a.subject(), 1L));
    Map<String, Long> alerts = new TreeMap<>();
    for (String line :
        lines(
            clickhouse,
            "SELECT rule, if(link_id = '', campaign_id, link_id), count() FROM "
                + db
                + "alerts FINAL WHERE startsWith(rule, 'link_') AND status = 'firing'"
                + " GROUP BY 1, 2")) {
      String[] f = line.split("\t");
      alerts.put(f[0] + " " + f[1], Long.parseLong(f[2]));
    }
    assertEquals(expectedAlerts, alerts);
    assertTrue(
        traffic.linkProblems().stream()
            .filter(p -> p.expectedRule() != null)
            .allMatch(p -> alerts.containsKey(p.expectedRule() + " " + p.subject())));

    // Stored clicks carry their link's campaign name; clicks on the link no event announced do
    // not, and are what clicks_unknown_link counts.
    long stamped = 0;
    for (String line :
        lines(
            clickhouse,
            "SELECT link_id, campaign_name, count() FROM " + db + "clicks FINAL GROUP BY 1, 2")) {
      String[] f = line.split("\t", -1);
      String expected = ledger.catalogued(f[0]) ? ledger.campaignName(f[0]) : "";
      assertEquals(expected, f[1], "campaign name of the clicks on " + f[0]);
      stamped += expected.isEmpty() ? 0 : Long.parseLong(f[2]);
    }
    assertTrue(stamped > clicks.size() / 2, "clicks with a campaign name: " + stamped);
    assertEquals(clicks.size(), count(clickhouse, "SELECT count() FROM " + db + "clicks FINAL"));
    long unknown = ledger.expectedUnknownLinkClicks(clicks);
    assertEquals(3, unknown);
    assertEquals(unknown, PipelineRun.counter(result, LinkLifecycleFunction.UNKNOWN_LINK));
    assertEquals(
        events.stream().map(LinkEventRecord::linkId).distinct().count(),
        count(clickhouse, "SELECT count() FROM " + db + "links FINAL"));
    assertEquals(0, count(clickhouse, "SELECT count() FROM " + db + "dead_letters FINAL"));
  }

  private static ClickPipelineConfig config(
      KafkaBroker kafka,
      ClickHouseServer clickhouse,
      String topic,
      String linksTopic,
      String database) {
    return PipelineRun.config(
        kafka,
        clickhouse,
        topic,
        database,
        "e2e",
        2,
        Map.of(
            "kafka.topic.links",
            linksTopic,
            // Its own sources below end at the offsets it sends, not at the latest at start.
            "kafka.bounded",
            "false",
            // The links topic is quiet between turns: idle soon, so clicks need not wait.
            "aggregate.links-idle-timeout",
            "3 s"));
  }

  private static List<String> keys(List<GeneratedRecord> records) {
    return records.stream().map(GeneratedRecord::key).toList();
  }

  /** Where each partition's input ends (default partitioner: murmur2 of the key). */
  private static Map<TopicPartition, Long> ends(String topic, List<String> keys) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      ends.put(new TopicPartition(topic, p), 0L);
    }
    for (String key : keys) {
      int p = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
      ends.merge(new TopicPartition(topic, p), 1L, Long::sum);
    }
    return ends;
  }

  private static long count(ClickHouseServer clickhouse, String sql) {
    return Long.parseLong(clickhouse.query(sql).strip());
  }

  private static List<String> lines(ClickHouseServer clickhouse, String sql) {
    return clickhouse.query(sql).strip().lines().filter(l -> !l.isBlank()).toList();
  }
}
