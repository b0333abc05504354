package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.jobs.testing.PipelineRun;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.PlantedIncident;
import io.clickpulse.stack.traffic.RealisticTraffic;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Live and backlog must give the same answer. One realistic input (docs/traffic.md: two hours of a
 * day's curve, Zipf links, mostly one-click visitors, out-of-order and genuinely late clicks,
 * duplicates, conflicts, malformed records, the demo's planted incidents) goes through the real
 * pipeline on the real engines four ways:
 *
 * <ol>
 *   <li>live: sent in arrival order, paced, while the job reads;
 *   <li>backlog: all of it in Kafka before the job starts;
 *   <li>backlog plus 1 % malformed records dated now (as production sees garbage);
 *   <li>backlog with one producer's clock 4 minutes ahead: its events carry event_time + 4 min.
 * </ol>
 *
 * Expectations come from the records: each minute and link counts the valid non-test clicks the
 * record's event_time names, except the labelled late ones, which are exactly {@code late_clicks};
 * every planted incident has its alert. The first three must leave identical minute rows and
 * alerts; the fourth the same alerts.
 */
@Tag("engines")
class EventTimeDeliveriesEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final int PARTITIONS = 4;
  private static final Duration SKEW = Duration.ofMinutes(4);
  private static final int FAST_PRODUCER = 0;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RealisticTraffic.Options options;
  private static List<GeneratedRecord> input;
  private static List<PlantedIncident> incidents;

  /** What one delivery left in ClickHouse and the job's counters. */
  record Outcome(
      String name,
      Map<String, Long> clicksPerMinuteAndLink,
      List<String> minuteRows,
      Set<String> lateClicks,
      Set<String> alerts,
      long received,
      long clockAhead,
      long tooLate) {
    Set<String> firing() {
      return alerts.stream().filter(a -> a.contains("\tfiring\t")).collect(Collectors.toSet());
    }
  }

  @BeforeAll
  static void generate() {
    // The same event times in every run (yesterday 13:00-15:00 UTC): the day's curve and the minute
    // boundaries then fall alike, so the alerts compared below do not depend on when it runs.
    long today =
        System.currentTimeMillis() - Math.floorMod(System.currentTimeMillis(), 86_400_000L);
    long end = today - Duration.ofHours(9).toMillis();
    options =
        RealisticTraffic.Options.builder()
            .seed(14)
            .events(12_000)
            .span(Duration.ofHours(2))
            .end(end)
            .links(1_000)
            .producers(8)
            .scenario("demo")
            .build();
    RealisticTraffic traffic = new RealisticTraffic(options);
    input = traffic.stream().toList();
    incidents = traffic.incidents();
  }

  @Test
  void liveAndBacklogGiveTheSameMinutesLateClicksAndAlerts() throws Exception {
    Outcome live = deliver("live", input, true);
    Outcome backlog = deliver("backlog", input, false);
    Outcome malformedNow = deliver("backlog+malformed-now", withMalformedDatedNow(input), false);
    List<GeneratedRecord> skewedInput = withFastProducer(input);
    Outcome skewed = deliver("backlog+fast-producer", skewedInput, false);
    for (Outcome o : List.of(live, backlog, malformedNow, skewed)) {
      System.out.printf(
          "%-24s received %,d, late clicks %d, alerts firing %d (of %d rows), clock ahead %,d%n",
          o.name,
          o.received,
          o.lateClicks.size(),
          o.firing().size(),
          o.alerts.size(),
          o.clockAhead);
    }

    for (Outcome o : List.of(live, backlog, malformedNow)) {
      assertEquals(expectedMinutes(input, Set.of()), o.clicksPerMinuteAndLink, o.name);
      assertEquals(expectedLate(input), o.lateClicks, o.name + ": late_clicks = the late ones");
      // Honest clocks: at most a stray event after a quiet spell looks ahead.
      assertTrue(o.clockAhead <= o.received / 1000, o.name + ": clocks ahead " + o.clockAhead);
      assertEveryIncidentAlerted(o);
    }
    assertEquals(backlog.minuteRows, live.minuteRows, "backlog = live, row for row");
    assertEquals(backlog.minuteRows, malformedNow.minuteRows, "malformed-now changes nothing");
    assertEquals(live.alerts, backlog.alerts, "same alert ids and statuses live and as backlog");
    assertEquals(live.alerts, malformedNow.alerts);

    // The fast producer's clicks count in the minutes their event_time names, which is all the
    // job can know; its late clicks are 4 minutes less late, so some may just make it.
    Set<String> ambiguous = fastAndLate(skewedInput);
    Map<String, Long> expected = expectedMinutes(skewedInput, ambiguous);
    Map<String, Long> lenient = new TreeMap<>(skewed.clicksPerMinuteAndLink);
    for (GeneratedRecord r : skewedInput) {
      if (ambiguous.contains(r.key()) && !skewed.lateClicks.contains(r.key())) {
        lenient.merge(minuteAndLink(r.eventTime(), r.linkId()), -1L, Long::sum);
      }
    }
    lenient.values().removeIf(v -> v == 0);
    assertEquals(expected, lenient, "fast producer: minutes as its event times name them");
    Set<String> mustBeLate = new TreeSet<>(expectedLate(skewedInput));
    mustBeLate.removeAll(ambiguous);
    assertTrue(skewed.lateClicks.containsAll(mustBeLate), "late ones of the other producers");
    long fastValid =
        skewedInput.stream()
            .filter(r -> r.kind() == GeneratedRecord.Kind.VALID && r.producer() == FAST_PRODUCER)
            .count();
    assertTrue(
        skewed.clockAhead >= fastValid * 9 / 10,
        "the fast producer's events are recognised: " + skewed.clockAhead + " of " + fastValid);
    assertEveryIncidentAlerted(skewed);
    assertEquals(live.alerts, skewed.alerts, "a fast producer changes no alert");
  }

  private static Outcome deliver(String name, List<GeneratedRecord> records, boolean live)
      throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("clicks_raw");
    String database = Engines.unique("deliveries");
    kafka.createTopics(PARTITIONS, topic, topic + "_dlq", topic + "_alerts");
    ClickPipelineConfig config = PipelineRun.config(kafka, clickhouse, topic, database, name, 2);
    var source =
        ClickPipelineJob.sourceUntil(config, OffsetsInitializer.offsets(ends(topic, records)));

    JobExecutionResult result;
    if (live) {
      JobClient job = PipelineRun.start(config, source);
      send(kafka, topic, records, Duration.ofSeconds(20));
      result = PipelineRun.execute(job);
    } else {
      send(kafka, topic, records, Duration.ZERO);
      result = PipelineRun.execute(PipelineRun.start(config, source));
    }
    String db = database + ".";
    Map<String, Long> perMinute = new TreeMap<>();
    for (String line :
        lines(
            clickhouse,
            "SELECT toUnixTimestamp(window_start), link_id, sum(clicks) FROM "
                + db
                + "clicks_minute FINAL GROUP BY ALL")) {
      String[] f = line.split("\t");
      perMinute.put(f[0] + " " + f[1], Long.parseLong(f[2]));
    }
    return new Outcome(
        name,
        perMinute,
        lines(clickhouse, "SELECT * FROM " + db + "clicks_minute FINAL ORDER BY ALL"),
        new TreeSet<>(lines(clickhouse, "SELECT event_id FROM " + db + "late_clicks FINAL")),
        new TreeSet<>(
            lines(
                clickhouse,
                "SELECT alert_id, status, rule, link_id, campaign_id, window_start FROM "
                    + db
                    + "alerts FINAL")),
        PipelineRun.counter(result, Counters.RECEIVED),
        PipelineRun.counter(result, Counters.CLOCK_AHEAD),
        PipelineRun.counter(result, Counters.TOO_LATE));
  }

  /**
   * Sends the records in arrival order; with a pace, spread over about {@code over} of wall time as
   * their arrival times are spread over the span.
   */
  private static void send(
      KafkaBroker kafka, String topic, List<GeneratedRecord> records, Duration over) {
    long first = records.get(0).arrivalTime();
    long last = records.get(records.size() - 1).arrivalTime();
    double wallPerEventMillis = over.isZero() ? 0 : (double) over.toMillis() / (last - first);
    AtomicReference<Exception> failure = new AtomicReference<>();
    try (var producer =
        new KafkaProducer<String, byte[]>(
            KafkaBroker.orderedProducerSettings(
                kafka.bootstrapServers(), Map.of(ProducerConfig.LINGER_MS_CONFIG, 5)),
            new StringSerializer(),
            new ByteArraySerializer())) {
      long started = System.nanoTime();
      for (GeneratedRecord r : records) {
        if (wallPerEventMillis > 0) {
          long due = started + (long) ((r.arrivalTime() - first) * wallPerEventMillis * 1e6);
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            producer.flush();
            LockSupport.parkNanos(wait);
          }
        }
        producer.send(
            new ProducerRecord<>(topic, partition(r), r.key(), r.value()),
            (metadata, error) -> {
              if (error != null) {
                failure.compareAndSet(null, error);
              }
            });
      }
      producer.flush();
    }
    // The job stops at offsets computed from the records: every one must be there.
    assertNull(failure.get(), () -> "sending failed: " + failure.get());
  }

  /** The partition Kafka's default partitioner picks for the record's key. */
  private static int partition(GeneratedRecord r) {
    return Utils.toPositive(Utils.murmur2(r.key().getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
  }

  /** Where each partition's input ends: the job stops there, also when it reads as it arrives. */
  private static Map<TopicPartition, Long> ends(String topic, List<GeneratedRecord> records) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      ends.put(new TopicPartition(topic, p), 0L);
    }
    for (GeneratedRecord r : records) {
      ends.merge(new TopicPartition(topic, partition(r)), 1L, Long::sum);
    }
    return ends;
  }

  /** Valid non-test clicks per minute and link, less the late ones and {@code excluded}. */
  private static Map<String, Long> expectedMinutes(
      List<GeneratedRecord> records, Set<String> excluded) {
    Map<String, Long> expected = new TreeMap<>();
    for (GeneratedRecord r : records) {
      if (r.kind() == GeneratedRecord.Kind.VALID
          && !r.test()
          && !r.late()
          && !excluded.contains(r.key())) {
        expected.merge(minuteAndLink(r.eventTime(), r.linkId()), 1L, Long::sum);
      }
    }
    return expected;
  }

  private static Set<String> expectedLate(List<GeneratedRecord> records) {
    return records.stream()
        .filter(r -> r.kind() == GeneratedRecord.Kind.VALID && !r.test() && r.late())
        .map(GeneratedRecord::key)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> fastAndLate(List<GeneratedRecord> records) {
    return records.stream()
        .filter(r -> r.skewed() && r.late())
        .map(GeneratedRecord::key)
        .collect(Collectors.toSet());
  }

  private static String minuteAndLink(long eventTime, String linkId) {
    return (eventTime / 60_000 * 60) + " " + linkId;
  }

  private static void assertEveryIncidentAlerted(Outcome o) {
    for (PlantedIncident incident : incidents) {
      boolean alerted =
          o.firing().stream()
              .anyMatch(
                  a -> {
                    String[] f = a.split("\t");
                    return f[2].equals(incident.expectedRule())
                        && (f[3].equals(incident.linkId())
                            || f[3].isEmpty() && f[4].equals(incident.campaignId()));
                  });
      assertTrue(alerted, o.name + ": no alert for " + incident.name() + " in " + o.firing());
    }
  }

  /** The input plus one record in a hundred: a broken click dated with the wall clock. */
  private static List<GeneratedRecord> withMalformedDatedNow(List<GeneratedRecord> records) {
    List<GeneratedRecord> out = new ArrayList<>();
    int n = 0;
    for (GeneratedRecord r : records) {
      out.add(r);
      if (r.kind() == GeneratedRecord.Kind.VALID && ++n % 100 == 0) {
        ObjectNode broken = json(r.value());
        broken.put("event_id", r.key() + "-broken");
        broken.put("event_time", System.currentTimeMillis());
        broken.put("short_url", "cpl.sh/no scheme");
        out.add(
            new GeneratedRecord(
                r.key() + "-broken", bytes(broken), GeneratedRecord.Kind.MALFORMED, "invalid_url"));
      }
    }
    return out;
  }

  /** The input with the fast producer's event times 4 minutes ahead (repeats alike). */
  private static List<GeneratedRecord> withFastProducer(List<GeneratedRecord> records) {
    List<GeneratedRecord> out = new ArrayList<>();
    for (GeneratedRecord r : records) {
      if (r.producer() != FAST_PRODUCER || r.kind() == GeneratedRecord.Kind.MALFORMED) {
        out.add(r);
        continue;
      }
      ObjectNode event = json(r.value());
      long eventTime = event.get("event_time").asLong() + SKEW.toMillis();
      event.put("event_time", eventTime);
      out.add(
          new GeneratedRecord(
              r.key(),
              bytes(event),
              r.kind(),
              r.expectedReason(),
              eventTime,
              r.trueEventTime(),
              r.arrivalTime(),
              r.producer(),
              r.linkId(),
              r.test(),
              r.incident(),
              r.late(),
              true,
              r.datedNow()));
    }
    return out;
  }

  private static ObjectNode json(byte[] value) {
    try {
      return (ObjectNode) JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(ObjectNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(ClickHouseServer clickhouse, String sql) {
    String out = clickhouse.query(sql).strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }
}
