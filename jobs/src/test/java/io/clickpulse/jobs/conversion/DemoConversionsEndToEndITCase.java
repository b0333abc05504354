package io.clickpulse.jobs.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.ConversionLedger;
import io.clickpulse.stack.traffic.ConversionRecord;
import io.clickpulse.stack.traffic.DemoConversions;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.LinkEventProducer;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficProducer;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The generator's demo conversions (docs/traffic.md, "Conversions and a qualified contact") through
 * Kafka and the real click pipeline into ClickHouse: each credited to its click's link as the
 * generator's {@link ConversionLedger} says (per link and type), those of contacts no click names
 * kept with model {@code none}, revenue per currency exact, the late one credited, the malformed
 * one dead-lettered. Sent as a backlog, both topics bounded at their end.
 */
@Tag("engines")
class DemoConversionsEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  @Test
  void generatedConversionsAreAttributedAsPlanted() throws Exception {
    // Fixed event times (yesterday 10:00-14:00 UTC): the same in every run.
    long now = System.currentTimeMillis();
    long end = now - Math.floorMod(now, 86_400_000L) - Duration.ofHours(10).toMillis();
    RealisticTraffic traffic =
        new RealisticTraffic(
            RealisticTraffic.Options.builder()
                .seed(23)
                .events(8_000)
                .span(Duration.ofHours(4))
                .end(end)
                .links(200)
                .producers(4)
                .producerSkew(Duration.ofMinutes(4))
                .wallClock(() -> end)
                .scenario("demo")
                .build());
    DemoConversions planted = traffic.conversions();
    List<GeneratedRecord> clicks = new ArrayList<>();
    List<ConversionRecord> conversions = new ArrayList<>();
    while (traffic.hasNext()) {
      if (planted.hasDue(traffic.nextArrivalTime())) {
        conversions.add(planted.next());
      } else {
        clicks.add(traffic.next());
      }
    }
    while (planted.hasRemaining()) {
      conversions.add(planted.next());
    }
    ConversionLedger ledger = ConversionLedger.of(conversions);
    assertTrue(ledger.attributed() > 50, ledger.toString());

    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("clicks_raw");
    String conversionsTopic = topic + "_conversions";
    String database = Engines.unique("demo_conversions");
    String db = database + ".";
    kafka.createTopics(2, topic, topic + "_dlq", topic + "_alerts", conversionsTopic);
    try (var clickProducer = new TrafficProducer(kafka.bootstrapServers(), topic);
        var conversionProducer =
            new LinkEventProducer(kafka.bootstrapServers(), conversionsTopic)) {
      clicks.forEach(clickProducer::send);
      conversions.forEach(c -> conversionProducer.send(c.key(), c.value()));
      clickProducer.flush();
      conversionProducer.flush();
    }
    ClickPipelineConfig config =
        PipelineRun.config(
            kafka,
            clickhouse,
            topic,
            database,
            "e2e",
            2,
            Map.of("kafka.topic.conversions", conversionsTopic));
    new ClickHouseMigrations(
            config.clickhouse().url(), config.clickhouse().user(), config.clickhouse().password())
        .apply();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, ClickPipelineSources.of(config), ClickPipelineSinks.of(config));
    JobExecutionResult result =
        env.executeAsync("demo-conversions-e2e").getJobExecutionResult().get(10, TimeUnit.MINUTES);

    // One producer of four runs 4 minutes fast on partitions of about 17 clicks a minute: it must
    // not pull the watermarks past the others' clicks (before the jump rule of EventTimeProgress,
    // 2,375 of the 7,415 accepted clicks were too late for the bot patterns, 2,080 for the alert
    // rules). Only the clicks the traffic delivers too late are.
    long accepted = (Long) result.getAccumulatorResult(Counters.ACCEPTED);
    assertEquals(
        clicks.stream().filter(GeneratedRecord::late).count(),
        (Long) result.getAccumulatorResult(Counters.TOO_LATE),
        "too late: the clicks the traffic delivers after the allowed lateness");
    for (String late : List.of(Counters.BOT_PATTERNS_LATE, Counters.ALERT_RULES_LATE)) {
      long n = (Long) result.getAccumulatorResult(late);
      assertTrue(n <= accepted / 100, late + ": " + n + " of " + accepted + " accepted clicks");
    }

    Map<String, Map<String, Long>> byLinkAndType = new TreeMap<>();
    long none = 0;
    Map<String, BigDecimal> revenue = new TreeMap<>();
    for (String line :
        lines(
            clickhouse,
            "SELECT link_id, conversion_type, model, count(), currency, sum(amount) FROM "
                + db
                + "conversions FINAL WHERE slot = 0 GROUP BY 1, 2, 3, 5")) {
      String[] f = line.split("\t", -1);
      long n = Long.parseLong(f[3]);
      if (f[2].equals("last_click")) {
        byLinkAndType.computeIfAbsent(f[0], k -> new TreeMap<>()).merge(f[1], n, Long::sum);
      } else {
        assertEquals("none", f[2], line);
        none += n;
      }
      if (!f[4].isEmpty()) {
        revenue.merge(f[4], new BigDecimal(f[5]), BigDecimal::add);
      }
    }
    assertEquals(ledger.attributedByLinkAndType(), byLinkAndType, "last click per link and type");
    assertEquals(ledger.unattributed(), none, "known by a contact no click names");
    assertEquals(plain(ledger.revenueByCurrency()), plain(revenue), "revenue per currency");

    ConversionRecord late = ledger.late();
    assertEquals(
        "last_click\t" + late.linkId() + "\t" + late.clickId(),
        clickhouse
            .query(
                "SELECT model, link_id, click_id FROM "
                    + db
                    + "conversions FINAL WHERE slot = 0 AND conversion_id = '"
                    + late.conversionId()
                    + "'")
            .strip(),
        "the late conversion credited to its click");

    Map<String, Long> rejects = new TreeMap<>();
    for (String line :
        lines(
            clickhouse,
            "SELECT reason, count() FROM "
                + db
                + "dead_letters FINAL WHERE topic = '"
                + conversionsTopic
                + "' GROUP BY reason")) {
      String[] f = line.split("\t");
      rejects.put(f[0], Long.parseLong(f[1]));
    }
    assertEquals(ledger.rejectsByReason(), rejects);
  }

  private static Map<String, String> plain(Map<String, BigDecimal> amounts) {
    Map<String, String> out = new TreeMap<>();
    amounts.forEach((k, v) -> out.put(k, v.stripTrailingZeros().toPlainString()));
    return out;
  }

  private static List<String> lines(ClickHouseServer clickhouse, String sql) {
    return clickhouse.query(sql).strip().lines().filter(l -> !l.isBlank()).toList();
  }
}
