package io.clickpulse.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.traffic.GeneratedRecord;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficLedger;
import io.clickpulse.stack.traffic.TrafficProducer;
import io.clickpulse.udf.enrich.IpPrivacy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The input of the crash and outage scenarios: realistic traffic (docs/traffic.md: Zipf links,
 * mostly one-click visitors, out-of-order arrivals, 0.2 % of clicks 10-20 minutes late, eight
 * producers of which one has a clock 4 minutes fast, duplicates, conflicts and malformed records,
 * some dated now) over {@code minutes} minutes of event time a few hours ago, sent as a backlog in
 * arrival order as fast as Kafka takes it, plus planted anomalies on links of their own that must
 * raise known alerts: a spike, a broken redirect, a bot burst and campaign clicks without UTM
 * parameters. Each event is entered in the {@link Expectation} as it is sent.
 *
 * <p>The fast producer's late clicks are left out, and so are exact repeats of them (they would
 * arrive first): 4 minutes less late, whether they still make their minute depends on seconds
 * (EventTimeDeliveriesEndToEndITCase covers them). At the end a burst of test clicks per partition,
 * 95 s after the last event, moves every partition's watermark past the last minute, so that every
 * window closes; an unbounded job sees nothing else.
 */
final class ClickStream {
  static final String SPIKE_LINK = "lnk-planted-spike";
  static final String BROKEN_LINK = "lnk-planted-broken";
  static final String BOT_LINK = "lnk-planted-bot";
  static final String NO_UTM_LINK = "lnk-planted-no-utm";
  static final String HUMAN =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36";
  static final String BOT_IP = "203.0.113.77";

  /**
   * Test clicks per partition at the end: more than half of the 32 recent event times a partition's
   * watermark follows (a lone click far ahead is taken for a fast clock).
   */
  static final int FLUSH_CLICKS = 40;

  private static final long MINUTE = 60_000;
  private static final int STEADY_PER_MINUTE = 20;
  private static final int SPIKE_FROM = 30;
  private static final int SPIKE_MINUTES = 3;
  private static final int BROKEN_FROM = 40;
  private static final int BROKEN_MINUTES = 3;
  private static final int BOT_MINUTE = 50;
  private static final int NO_UTM_MINUTE = 55;

  /** Links of the background traffic: enough for a long tail, few enough for every minute. */
  private static final int LINKS = 2_000;

  private final RealisticTraffic.Options traffic;
  private final int minutes;
  private final long start;
  private final long seed;
  private final Expectation expected = new Expectation();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong leftOut = new AtomicLong();
  private final Set<String> leftOutIds = new HashSet<>();
  private final List<Planted> plants;
  private final CompletableFuture<Void> acknowledged = new CompletableFuture<>();
  private int planted;

  /**
   * @param bulkEvents generated records (valid ones and the planted defects)
   * @param minutes minutes of event time they span; at least 60 for the planted anomalies
   */
  ClickStream(long bulkEvents, int minutes, long seed) {
    // Hour-aligned, then 20 minutes in: the minutes span two hours of the hourly rollups.
    this(
        bulkEvents,
        minutes,
        seed,
        Instant.now()
            .truncatedTo(ChronoUnit.HOURS)
            .minus(Duration.ofHours(5))
            .plus(Duration.ofMinutes(20)));
  }

  /** As above, its event time starting at {@code start} (the traffic differs with it). */
  ClickStream(long bulkEvents, int minutes, long seed, Instant start) {
    if (minutes < 60) {
      throw new IllegalArgumentException("the planted anomalies need 60 minutes");
    }
    this.seed = seed;
    this.minutes = minutes;
    this.start = start.toEpochMilli();
    this.traffic =
        RealisticTraffic.Options.builder()
            .seed(seed)
            .events(bulkEvents)
            .span(Duration.ofMinutes(minutes))
            .end(this.start + minutes * MINUTE)
            .links(LINKS)
            .producers(8)
            .producerSkew(Duration.ofMinutes(4))
            .scenario("steady")
            .build();
    this.plants = plants();
  }

  Expectation expected() {
    return expected;
  }

  /** Records sent (and acknowledged) so far. */
  long sent() {
    return sent.get();
  }

  /**
   * Records sent in all, planted and flush records included (an estimate until sending ended: the
   * fast producer's late clicks are left out as they come).
   */
  long total() {
    return traffic.events()
        - leftOut.get()
        + plants.size()
        + (long) ReliabilityStack.SLOTS * FLUSH_CLICKS;
  }

  /**
   * Sends everything in arrival order and waits until Kafka acknowledged every record; throws if
   * any record could not be sent (the expectation would then be wrong).
   */
  void send(String bootstrapServers, String topic) {
    try {
      sendAll(bootstrapServers, topic);
      acknowledged.complete(null);
    } catch (RuntimeException | Error e) {
      acknowledged.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Waits until {@link #send} returned, every record acknowledged; fails with the producer's error
   * if a send failed. A disturbance of Kafka itself waits for this, so that it tests the job, not
   * the test's own producer.
   */
  void awaitAcknowledged(Duration timeout) {
    try {
      acknowledged.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError(
          "The test's producer had "
              + sent()
              + " records sent but not all acknowledged after "
              + timeout);
    } catch (ExecutionException e) {
      throw new AssertionError("The test's producer failed: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("Interrupted waiting for the test's producer", e);
    }
  }

  private void sendAll(String bootstrapServers, String topic) {
    long last;
    try (var producer = new TrafficProducer(bootstrapServers, topic)) {
      last =
          inSendingOrder(
              record -> {
                expect(record);
                producer.send(record);
                sent.incrementAndGet();
              },
              plant -> {
                expected.stored(plant.event(), false);
                Leaks.ip(plant.event().get("ip").asText());
                producer.send(plant.record());
                sent.incrementAndGet();
              });
      TrafficLedger ledger = producer.flush();
      synchronized (expected) {
        expected.rejected = ledger.expectedRejected();
        expected.duplicates = ledger.expectedDuplicates();
      }
    }
    flushWatermarks(bootstrapServers, topic, last + 95_000);
  }

  /**
   * The traffic's records ({@code trafficRecord}) in arrival order with the planted clicks ({@code
   * plant}) among them by time, as {@link #send} sends them (before the final test clicks); returns
   * the latest valid event time.
   */
  long inSendingOrder(Consumer<GeneratedRecord> trafficRecord, Consumer<Planted> plant) {
    int next = 0;
    long last = start;
    for (var records = new RealisticTraffic(traffic); records.hasNext(); ) {
      GeneratedRecord record = records.next();
      if (record.skewed() && record.late() || leftOutIds.contains(record.key())) {
        leftOutIds.add(record.key());
        leftOut.incrementAndGet();
        continue;
      }
      for (; next < plants.size() && plants.get(next).time() <= record.arrivalTime(); next++) {
        plant.accept(plants.get(next));
      }
      trafficRecord.accept(record);
      if (record.kind() == GeneratedRecord.Kind.VALID) {
        // Not a malformed record's time: some are dated now, or days ahead.
        last = Math.max(last, record.eventTime());
      }
    }
    for (; next < plants.size(); next++) {
      plant.accept(plants.get(next));
      last = Math.max(last, plants.get(next).time());
    }
    return last;
  }

  private void expect(GeneratedRecord record) {
    if (record.kind() == GeneratedRecord.Kind.VALID) {
      JsonNode event = Json.read(new String(record.value(), StandardCharsets.UTF_8));
      expected.stored(event, record.late());
      Leaks.ip(event.get("ip").asText());
    } else {
      Leaks.ipsIn(new String(record.value(), StandardCharsets.UTF_8));
    }
  }

  /** Test clicks on every partition, after everything: every partition's watermark moves on. */
  private void flushWatermarks(String bootstrapServers, String topic, long time) {
    List<ProducerRecord<String, byte[]>> clicks = new ArrayList<>();
    for (int partition = 0; partition < ReliabilityStack.SLOTS; partition++) {
      for (int i = 0; i < FLUSH_CLICKS; i++) {
        ObjectNode click =
            click("flush-" + seed + "-" + partition + "-" + i, time + i, "lnk-flush", ip());
        click.put("is_test", true);
        expected.stored(click, false);
        Leaks.ip(click.get("ip").asText());
        clicks.add(
            new ProducerRecord<>(
                topic,
                partition,
                click.get("event_id").asText(),
                click.toString().getBytes(StandardCharsets.UTF_8)));
        sent.incrementAndGet();
      }
    }
    // Every acknowledgement checked: a test click the broker never took would only show as
    // minutes that never close; the expectation already counts it.
    KafkaBroker.sendAll(bootstrapServers, clicks, Map.of());
  }

  /** A planted click at {@code time}. */
  record Planted(long time, ObjectNode event) {
    GeneratedRecord record() {
      return new GeneratedRecord(
          event.get("event_id").asText(),
          event.toString().getBytes(StandardCharsets.UTF_8),
          GeneratedRecord.Kind.VALID,
          null);
    }

    String link() {
      return event.get("link_id").asText();
    }

    /** The click's event_time (it is sent at {@link #time}, now the same). */
    long eventTime() {
      return event.get("event_time").asLong();
    }
  }

  /** The planted anomalies, in time order, with the alerts they must raise entered. */
  private List<Planted> plants() {
    List<Planted> plants = new ArrayList<>();
    for (int minute = 0; minute < minutes; minute++) {
      long m = start + minute * MINUTE;
      int spiky =
          minute >= SPIKE_FROM && minute < SPIKE_FROM + SPIKE_MINUTES ? 10 * STEADY_PER_MINUTE : 0;
      for (int i = 0; i < STEADY_PER_MINUTE + spiky; i++) {
        plants.add(steady(SPIKE_LINK, m + i * MINUTE / (STEADY_PER_MINUTE + spiky), 302));
      }
      boolean broken = minute >= BROKEN_FROM && minute < BROKEN_FROM + BROKEN_MINUTES;
      for (int i = 0; i < STEADY_PER_MINUTE; i++) {
        int status = broken && i % 2 == 0 ? 503 : 302;
        plants.add(steady(BROKEN_LINK, m + 1500 + i * MINUTE / STEADY_PER_MINUTE, status));
      }
    }
    long burst = start + BOT_MINUTE * MINUTE + 5_000;
    for (int i = 0; i < 25; i++) {
      plants.add(new Planted(burst + i * 190L, click(id(), burst + i * 190L, BOT_LINK, BOT_IP)));
    }
    long noUtm = start + NO_UTM_MINUTE * MINUTE + 7_000;
    for (int i = 0; i < 4; i++) {
      ObjectNode click = click(id(), noUtm + i * 1000L, NO_UTM_LINK, ip());
      click.remove(List.of("utm_source", "utm_medium", "utm_campaign"));
      click.put("campaign_id", "cmp-planted");
      click.put("campaign_owner", "ops@shop.example");
      plants.add(new Planted(noUtm + i * 1000L, click));
    }
    plants.sort(Comparator.comparingLong(Planted::time));
    expectAlerts();
    return plants;
  }

  private void expectAlerts() {
    // A spike alert's window starts at the first minute with two minutes of evidence: the
    // spike's second minute (docs/alerts.md, "Spikes and drops").
    long spike = start + (SPIKE_FROM + 1) * MINUTE;
    expected.alert("spike", "link", SPIKE_LINK, spike, "firing");
    expected.alert("spike", "link", SPIKE_LINK, spike, "resolved");
    long broken = start + BROKEN_FROM * MINUTE;
    expected.alert("broken_redirect", "link", BROKEN_LINK, broken, "firing");
    expected.alert("broken_redirect", "link", BROKEN_LINK, broken, "resolved");
    String client =
        Long.toHexString(
            new IpPrivacy(ReliabilityStack.VISITOR_HASH_SECRET).visitorId(BOT_IP, HUMAN));
    expected.alert("bot_burst", "client", client, start + BOT_MINUTE * MINUTE, "firing");
    long noUtm = start + NO_UTM_MINUTE * MINUTE;
    expected.alert(
        "missing_utm", "link", NO_UTM_LINK, noUtm - Math.floorMod(noUtm, 86_400_000L), "firing");
  }

  private Planted steady(String link, long time, int status) {
    ObjectNode click = click(id(), time, link, ip());
    click.put("redirect_status", status);
    return new Planted(time, click);
  }

  private String id() {
    return "planted-" + seed + "-" + planted++;
  }

  /** A distinct client per planted click, so no client pattern matches by accident. */
  private String ip() {
    return String.format("2001:db8:fffe:%x::%x", planted / 60_000, planted % 60_000 + 1);
  }

  private static ObjectNode click(String id, long time, String link, String ip) {
    ObjectNode e = Json.MAPPER.createObjectNode();
    e.put("event_id", id);
    e.put("event_time", time);
    e.put("link_id", link);
    e.put("short_url", "https://cpl.sh/" + link);
    e.put("destination_url", "https://shop.example/" + link + "?utm_source=planted");
    e.put("utm_source", "planted");
    e.put("utm_medium", "test");
    e.put("utm_campaign", "reliability");
    e.put("user_agent", HUMAN);
    e.put("ip", ip);
    e.put("redirect_status", 302);
    e.put("country", "DE");
    return e;
  }
}
