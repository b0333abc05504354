package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.clickhouse.Reconciliation;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Event-time minute aggregates on the real engines, on a hand-made timeline with out-of-order, late
 * (within the allowed lateness) and too-late events, test traffic and bots; then the same input
 * replayed must leave every table identical.
 */
@Tag("engines")
class MinuteAggregatesEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final String LINK = "lnk-launch";

  @Test
  void aggregatesLateEventsReconcileAndReplayIdentically() throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("clicks_raw");
    String database = Engines.unique("agg");
    // One partition and parallelism 1: the order of events, and so what is late, is fixed.
    kafka.createTopics(1, topic, topic + "_dlq", topic + "_alerts");

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);
    long m0 = t0.toEpochMilli();
    List<ClickJson> timeline = new ArrayList<>();
    // Minute 0: ten human clicks out of order from five visitors, one redirect error, two bots,
    // and two test clicks that must stay out of the aggregates.
    int[] seconds = {50, 10, 30, 5, 45, 20, 55, 15, 35, 25};
    for (int i = 0; i < seconds.length; i++) {
      ClickJson c =
          ClickJson.click("h" + i, m0 + seconds[i] * 1000L, LINK)
              .set("ip", "198.51.100." + (i % 5));
      timeline.add(i == 3 ? c.set("redirect_status", 502) : c);
    }
    timeline.add(ClickJson.click("b1", m0 + 12_000, LINK).set("user_agent", ClickJson.SLACKBOT));
    timeline.add(ClickJson.click("b2", m0 + 13_000, LINK).set("user_agent", ClickJson.SLACKBOT));
    timeline.add(ClickJson.click("t1", m0 + 14_000, LINK).test());
    timeline.add(ClickJson.click("t2", m0 + 16_000, LINK).test());
    // Watermark past minute 0 (95 s - 30 s): it fires; 70 s is out of order but not late.
    timeline.add(ClickJson.click("m1a", m0 + 95_000, LINK));
    timeline.add(ClickJson.click("m1b", m0 + 70_000, LINK));
    // Time moves on with the partition's clicks, not with one click alone (a lone click minutes
    // ahead is a fast clock, docs/events.md): 17 clicks at 170-186 s put the watermark at 156 s;
    // a click for minute 0 is then late but within 5 minutes: minute 0 re-fires.
    timeline.addAll(burst("m3-", m0 + 170_000));
    timeline.add(ClickJson.click("late-ok", m0 + 40_000, LINK).set("ip", "198.51.100.9"));
    // Clicks at 410-426 s: watermark at 396 s, minute 0 is closed for good; a click for it now is
    // too late.
    timeline.addAll(burst("m7-", m0 + 410_000));
    timeline.add(ClickJson.click("too-late", m0 + 20_000, LINK));

    try (var producer = kafka.orderedProducer(new StringSerializer(), new ByteArraySerializer())) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (ClickJson c : timeline) {
        sent.add(producer.send(new ProducerRecord<>(topic, c.bytes())));
      }
      for (Future<RecordMetadata> record : sent) {
        record.get(); // a record the broker refused fails here, not as a missing count later
      }
    }

    JobExecutionResult first = runPipeline(kafka, clickhouse, topic, database, "first");

    // All at once, so that a failure shows whether the job read its input at all. The raw table
    // has every click, test and too-late ones included.
    assertEquals(
        "raw rows " + timeline.size() + ", test events 2, too late 1",
        "raw rows "
            + query(clickhouse, "SELECT count() FROM " + database + ".clicks FINAL")
            + ", test events "
            + counter(first, Counters.TEST_EVENTS)
            + ", too late "
            + counter(first, Counters.TOO_LATE));
    // Minute 0, humans: 10 on time + 1 late within the allowed lateness; 6 distinct visitors.
    assertEquals(
        "11\t6\t1",
        query(
            clickhouse,
            "SELECT clicks, unique_visitors, redirect_errors FROM "
                + database
                + ".clicks_minute FINAL"
                + " WHERE window_start = toDateTime("
                + m0 / 1000
                + ") AND NOT is_bot"));
    assertEquals(
        "2\t{'link_preview':2}",
        query(
            clickhouse,
            "SELECT bot_clicks, bot_clicks_by_reason FROM "
                + database
                + ".clicks_minute FINAL"
                + " WHERE window_start = toDateTime("
                + m0 / 1000
                + ") AND is_bot"));
    assertEquals(
        "too-late", query(clickhouse, "SELECT event_id FROM " + database + ".late_clicks FINAL"));

    Reconciliation.Report report =
        new Reconciliation(clickhouse.jdbcUrl(database), "default", "")
            .check(t0, t0.plus(1, ChronoUnit.HOURS));
    assertTrue(report.consistent(), report.toString());
    assertEquals(timeline.size() - 2, report.rawClicks());
    assertEquals(1, report.lateClicks());
    assertEquals(timeline.size() - 3, report.minuteClicks());
    assertEquals(timeline.size() - 2, report.hourlyClicks());

    List<String> before = snapshot(clickhouse, database);
    runPipeline(kafka, clickhouse, topic, database, "replay");
    assertEquals(before, snapshot(clickhouse, database), "a replay leaves every table identical");
  }

  /**
   * 17 clicks a second apart: more than half of the 32 recent event times the watermark follows.
   */
  private static List<ClickJson> burst(String prefix, long from) {
    List<ClickJson> clicks = new ArrayList<>();
    for (int i = 0; i < 17; i++) {
      clicks.add(ClickJson.click(prefix + i, from + i * 1000L, LINK));
    }
    return clicks;
  }

  private static JobExecutionResult runPipeline(
      KafkaBroker kafka, ClickHouseServer clickhouse, String topic, String database, String run)
      throws Exception {
    // One partition and parallelism 1: the order of events, and so what is late, is fixed.
    return PipelineRun.run(PipelineRun.config(kafka, clickhouse, topic, database, run, 1));
  }

  /** Every table's contents as analysts see them. */
  private static List<String> snapshot(ClickHouseServer clickhouse, String db) {
    return List.of(
        clickhouse.query("SELECT * FROM " + db + ".clicks FINAL ORDER BY event_id"),
        clickhouse.query("SELECT * FROM " + db + ".clicks_minute FINAL ORDER BY ALL"),
        clickhouse.query("SELECT * FROM " + db + ".late_clicks FINAL ORDER BY ALL"),
        clickhouse.query(
            "SELECT hour, link_id, is_bot, bot_reason, uniqExactMerge(clicks), uniqExactMerge(visitors),"
                + " uniqExactMerge(redirect_errors) FROM "
                + db
                + ".clicks_hourly GROUP BY ALL ORDER BY ALL"),
        clickhouse.query(
            "SELECT day, link_id, is_bot, uniqExactMerge(clicks), uniqExactMerge(visitors) FROM "
                + db
                + ".clicks_daily GROUP BY ALL ORDER BY ALL"));
  }

  private static String query(ClickHouseServer clickhouse, String sql) {
    return clickhouse.query(sql).strip();
  }

  private static long counter(JobExecutionResult result, String name) {
    return PipelineRun.counter(result, name);
  }
}
