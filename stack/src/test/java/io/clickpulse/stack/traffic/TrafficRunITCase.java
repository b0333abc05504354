package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Both ways of sending the realistic traffic, into a real Kafka broker. */
@Tag("engines")
class TrafficRunITCase {
  private static final long GENERATED_AT = 1_800_000_000_000L;
  private static KafkaBroker kafka;

  @BeforeAll
  static void startKafka() {
    kafka = Engines.sharedKafka();
  }

  @Test
  void aBacklogEndsNowAndIsProducedInArrivalOrder() {
    kafka.createTopics(2, "backlog");
    RealisticTraffic.Options traffic =
        RealisticTraffic.Options.builder()
            .seed(3)
            .events(20_000)
            .producerSkew(Duration.ofMinutes(4))
            .wallClock(() -> GENERATED_AT)
            .build();
    long before = System.currentTimeMillis();
    TrafficRun.Result result =
        new TrafficRun(
                new TrafficRun.Options(
                    kafka.bootstrapServers(),
                    "backlog",
                    1,
                    Duration.ofSeconds(1),
                    1,
                    Duration.ofHours(12),
                    traffic))
            .run();
    long after = System.currentTimeMillis();
    assertTrue(result.traffic().end() >= before && result.traffic().end() <= after, "ends now");
    assertEquals(Duration.ofHours(12), Duration.between(result.from(), result.to()));
    assertEquals(6, result.incidents().size(), "every incident sent");

    // Kafka keeps the order of each partition: there it must be the generator's arrival order.
    List<GeneratedRecord> expected = RealisticTraffic.generate(result.traffic());
    List<ConsumerRecord<String, byte[]>> consumed = consumeAll("backlog", expected.size());
    Map<String, Integer> partitionOfKey = new HashMap<>();
    Map<Integer, List<String>> actual = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : consumed) {
      partitionOfKey.put(r.key(), r.partition());
      actual.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(text(r.value()));
    }
    Map<Integer, List<String>> inArrivalOrder = new HashMap<>();
    for (GeneratedRecord r : expected) {
      inArrivalOrder
          .computeIfAbsent(partitionOfKey.get(r.key()), p -> new ArrayList<>())
          .add(text(r.value()));
    }
    assertEquals(2, actual.size());
    assertEquals(inArrivalOrder, actual);

    TrafficLedger ledger = TrafficLedger.of(expected);
    assertEquals(20_000, result.ledger().total());
    assertEquals(ledger.expectedStored(), result.ledger().expectedStored());
    assertEquals(ledger.expectedRejectsByReason(), result.ledger().expectedRejectsByReason());
    assertEquals(ledger.expectedLateClicks(), result.ledger().expectedLateClicks());
    assertEquals(ledger.expectedRejected(), result.ledger().expectedDeadLetters().size());
  }

  @Test
  void linkEventsGoToTheirTopicKeyedByLinkBeforeTheClicksAfterThem() {
    kafka.createTopics(2, "backlog-clicks", "backlog-links");
    RealisticTraffic.Options traffic =
        RealisticTraffic.Options.builder()
            .seed(6)
            .events(5_000)
            .links(500)
            .wallClock(() -> GENERATED_AT)
            .build();
    TrafficRun.Result result =
        new TrafficRun(
                new TrafficRun.Options(
                    kafka.bootstrapServers(),
                    "backlog-clicks",
                    1,
                    Duration.ofSeconds(1),
                    1,
                    Duration.ofHours(2),
                    traffic,
                    "backlog-links"))
            .run();
    RealisticTraffic model = new RealisticTraffic(result.traffic());
    LinkLedger expected = LinkLedger.of(model);
    assertTrue(result.traffic().linkEvents(), "the links topic turns link events on");
    assertEquals(expected.events(), result.links().events());
    assertEquals(expected.expectedAlerts(), result.links().expectedAlerts());
    // The generator's own list, so a newly planted problem needs no change here.
    assertFalse(model.linkProblems().isEmpty(), "scenario demo with link events plants problems");
    assertEquals(model.linkProblems(), result.links().problems(), "the planted lifecycle problems");

    List<ConsumerRecord<String, byte[]>> links =
        consumeAll("backlog-links", (int) expected.events());
    assertEquals(expected.events(), links.size());
    Map<String, Integer> partition = new HashMap<>();
    Map<String, Long> version = new HashMap<>();
    Map<String, Long> firstSent = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : links) {
      String json = text(r.value());
      assertTrue(json.contains("\"link_id\":\"" + r.key() + "\""), "keyed by its link: " + json);
      assertEquals(partition.computeIfAbsent(r.key(), k -> r.partition()), r.partition());
      long v = Long.parseLong(json.replaceAll(".*\"version\":(\\d+).*", "$1"));
      Long before = version.put(r.key(), v);
      assertTrue(before == null || before < v, "in version order on its partition: " + r.key());
      firstSent.putIfAbsent(r.key(), r.timestamp());
    }
    // Each catalogued link's first event was sent no later than any click on it.
    List<ConsumerRecord<String, byte[]>> clicks =
        consumeAll("backlog-clicks", (int) result.ledger().total());
    long checked = 0;
    for (ConsumerRecord<String, byte[]> c : clicks) {
      String json = text(c.value());
      String link = json.replaceAll(".*\"link_id\":\"([^\"]+)\".*", "$1");
      if (firstSent.containsKey(link)) {
        assertTrue(firstSent.get(link) <= c.timestamp(), link + " announced before its click");
        checked++;
      }
    }
    assertTrue(checked > 4_000, "clicks on catalogued links: " + checked);
  }

  @Test
  void aLiveRunSendsEachRecordOnceItsArrivalTimeHasCome() {
    kafka.createTopics(1, "live");
    Duration duration = Duration.ofSeconds(3);
    double speedup = 1200; // 3 s of wall-clock time are an hour of event time
    RealisticTraffic.Options traffic =
        RealisticTraffic.Options.builder()
            .seed(4)
            .scenario("steady")
            .wallClock(() -> GENERATED_AT)
            .build();
    long started = System.nanoTime();
    TrafficRun.Result result =
        new TrafficRun(
                new TrafficRun.Options(
                    kafka.bootstrapServers(), "live", 2000, duration, speedup, null, traffic))
            .run();
    assertTrue(System.nanoTime() - started >= duration.toNanos() - 50_000_000L, "paced");
    assertEquals(Duration.ofHours(1), Duration.between(result.from(), result.to()));
    assertEquals(result.traffic().events(), result.ledger().total());

    List<GeneratedRecord> expected = RealisticTraffic.generate(result.traffic());
    List<ConsumerRecord<String, byte[]>> consumed = consumeAll("live", expected.size());
    long wallStart = result.traffic().end() - duration.toMillis();
    SimulatedClock clock = new SimulatedClock(wallStart, duration, speedup);
    for (int i = 0; i < expected.size(); i++) {
      GeneratedRecord record = expected.get(i);
      ConsumerRecord<String, byte[]> sent = consumed.get(i);
      assertEquals(text(record.value()), text(sent.value()), "in arrival order");
      // Kafka's record time is when it was sent: never before its arrival came, in event time.
      // (Records due after the end, on-time delays of the last seconds, go at the end.)
      if (record.arrivalTime() <= result.traffic().end()) {
        assertTrue(clock.eventTime(sent.timestamp()) >= record.arrivalTime(), "not early");
      }
    }
  }

  private static List<ConsumerRecord<String, byte[]>> consumeAll(String topic, int count) {
    List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<String, byte[]>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                topic + "-check",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                4 * 1024 * 1024),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertEquals(count, records.size(), "every record consumed");
    return records;
  }

  private static String text(byte[] value) {
    return new String(value, StandardCharsets.UTF_8);
  }
}
