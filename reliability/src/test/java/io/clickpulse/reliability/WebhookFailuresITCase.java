package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.stack.FlinkCluster;
import io.clickpulse.stack.PrometheusText;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 4: the delivery job on the cluster sends every alert to four signed webhook receivers
 * that misbehave (30 % 5xx, 429 bursts with Retry-After, a 10 s stall, two minutes down). Every
 * alert arrives at every receiver, none twice per webhook-id, and the retries keep to the schedule
 * and to Retry-After. A second job sends to a receiver that stays down past the last attempt: its
 * notifications are dead-lettered, and the replay command delivers them once it is back.
 */
@Order(4)
@Tag("engines")
class WebhookFailuresITCase {
  private static final int ALERTS = 20;
  private static final List<Duration> DELAYS =
      List.of(1, 2, 5, 15, 30, 30, 30, 30, 30).stream().map(Duration::ofSeconds).toList();
  private static final double JITTER = 0.2;
  private static final Duration DOWN = Duration.ofMinutes(2);
  private static final int RETRY_AFTER_SECONDS = 3;

  /** Scheduling, the other receivers' stall and a loaded machine may delay a retry this much. */
  private static final long LATE_TOLERANCE_MILLIS = 15_000;

  @Test
  @Timeout(600)
  void everyAlertArrivesOnceDespiteFailingReceiversAndDeadLettersReplay() throws Exception {
    ReliabilityStack stack = ReliabilityStack.get();
    Scenario scenario = new Scenario("s4_webhooks");
    Scenario dead = new Scenario("s4_webhooks_dead");
    stack
        .kafka()
        .createTopics(
            1,
            scenario.alertsTopic(),
            scenario.deliveryDeadLetterTopic(),
            dead.deliveryDeadLetterTopic());
    try (Receivers receivers = Receivers.start(new Random(4))) {
      Path dir = Files.createDirectories(stack.dir().resolve(scenario.name()));
      Path config = deliveryConfig(dir, "all", receivers.alwaysDelivered(), DELAYS);
      Path deadConfig =
          deliveryConfig(
              dir,
              "dead",
              List.of(receivers.gone()),
              List.of(Duration.ofMillis(200), Duration.ofMillis(500), Duration.ofSeconds(1)));
      try (ReliabilityStack.Job job =
              stack.submit(
                  ReliabilityStack.DELIVERY, deliveryArgs(stack, scenario, scenario, config));
          ReliabilityStack.Job deadJob =
              stack.submit(
                  ReliabilityStack.DELIVERY, deliveryArgs(stack, scenario, dead, deadConfig))) {
        deliverThroughFailures(stack, scenario, dead, deadConfig, job.id(), receivers);
      }
    }
  }

  private static void deliverThroughFailures(
      ReliabilityStack stack,
      Scenario scenario,
      Scenario dead,
      Path deadConfig,
      String job,
      Receivers all)
      throws IOException, InterruptedException {
    List<String> ids = sendAlerts(stack, scenario);
    long sentAt = System.currentTimeMillis();
    Await.pause(DOWN);
    all.down().up();
    long upAt = System.currentTimeMillis();

    List<FlakyReceiver> receivers = all.alwaysDelivered();
    FlakyReceiver gone = all.gone();
    Await.until(
        "every alert delivered to every receiver",
        Duration.ofMinutes(4),
        () -> receivers.stream().allMatch(r -> ids.stream().allMatch(id -> r.delivered(id) > 0)),
        () -> receivers.stream().map(r -> r.name + "=" + r.requests.size()).toList().toString());
    double allDelivered = (System.currentTimeMillis() - sentAt) / 1000.0;
    Await.until(
        ALERTS + " dead letters of the receiver that stayed down",
        Duration.ofMinutes(2),
        () ->
            KafkaTopics.readCommitted(
                        stack.kafka().bootstrapServers(), dead.deliveryDeadLetterTopic())
                    .size()
                == ALERTS,
        () -> gone.requests.size() + " requests to it");
    assertEquals(0, stack.flink().restarts(job), "failing receivers never fail the job");

    for (FlakyReceiver r : receivers) {
      for (String id : ids) {
        assertEquals(1, r.delivered(id), r.name + " got " + id + " delivered once");
      }
      assertEquals(
          ids.size(), r.requests.stream().map(FlakyReceiver.Request::webhookId).distinct().count());
      assertTrue(r.requests.stream().allMatch(FlakyReceiver.Request::signatureValid), r.name);
    }
    Deliveries deliveries = new Deliveries(stack, scenario);
    Await.until(
        "the attempts recorded",
        Duration.ofSeconds(60),
        () -> deliveries.delivered() == receivers.size() * ids.size(),
        () -> deliveries.delivered() + " delivered rows");
    assertDeliveryMetrics(stack, receivers.size() * ids.size());
    deliveries.assertRetriesKeepTo(receivers, DELAYS, JITTER, LATE_TOLERANCE_MILLIS);
    assertTrue(
        deliveries.firstAnswer("down") >= upAt - 1000,
        "nothing reached the receiver while it was down");
    assertEquals(
        0,
        KafkaTopics.readCommitted(
                stack.kafka().bootstrapServers(), scenario.deliveryDeadLetterTopic())
            .size(),
        "what is delivered in the end is not dead-lettered");

    // The receiver that stayed down past the last attempt is back: the replay command sends the
    // dead letters with their webhook-ids, as ./clickpulse replay-deliveries would.
    gone.behave(n -> FlakyReceiver.Reply.ok());
    Replay replay = replay(stack, scenario, dead, deadConfig);
    assertEquals(0, replay.exitCode(), replay.output());
    assertTrue(
        replay.output().contains("replayed: " + ALERTS + " delivered, 0 failed again, 0 skipped"),
        replay.output());
    for (String id : ids) {
      assertEquals(1, gone.delivered(id), "replayed " + id + " once");
    }
    assertEquals(
        String.valueOf(ALERTS),
        stack
            .clickhouse()
            .query(
                "SELECT count() FROM alert_deliveries FINAL WHERE destination = 'gone' AND outcome"
                    + " = 'replayed'",
                Map.of(),
                scenario.database())
            .strip());
    Report.figure(
        scenario,
        "%d alerts x %d receivers: all delivered %.0f s after sending (receiver 'down' back after"
            + " %.0f s), each once; attempts per receiver %s; retries on schedule; %d dead"
            + " letters after %d attempts each, all replayed",
        ALERTS,
        receivers.size(),
        allDelivered,
        (upAt - sentAt) / 1000.0,
        deliveries.attemptsByDestination(),
        ALERTS,
        4);
  }

  /**
   * The misbehaving receivers: 30 % 503 at random; 429 bursts with Retry-After; one 10 s stall;
   * down (connections refused) until the test brings it up; and one that answers 503 until told
   * otherwise.
   */
  record Receivers(
      FlakyReceiver flaky,
      FlakyReceiver throttled,
      FlakyReceiver stalling,
      FlakyReceiver down,
      FlakyReceiver gone)
      implements AutoCloseable {
    static Receivers start(Random random) {
      return new Receivers(
          new FlakyReceiver(
                  "flaky",
                  n ->
                      random.nextDouble() < 0.3
                          ? FlakyReceiver.Reply.status(503)
                          : FlakyReceiver.Reply.ok())
              .up(),
          new FlakyReceiver(
                  "throttled",
                  n ->
                      n <= 6 || (n > 14 && n <= 18)
                          ? new FlakyReceiver.Reply(429, RETRY_AFTER_SECONDS, 0)
                          : FlakyReceiver.Reply.ok())
              .up(),
          new FlakyReceiver(
                  "stalling",
                  n -> n == 3 ? new FlakyReceiver.Reply(200, 0, 10_000) : FlakyReceiver.Reply.ok())
              .up(),
          new FlakyReceiver("down", n -> FlakyReceiver.Reply.ok()),
          new FlakyReceiver("gone", n -> FlakyReceiver.Reply.status(503)).up());
    }

    /** The receivers of the main delivery job: every alert must reach each of them in the end. */
    List<FlakyReceiver> alwaysDelivered() {
      return List.of(flaky, throttled, stalling, down);
    }

    @Override
    public void close() {
      List.of(flaky, throttled, stalling, down, gone).forEach(FlakyReceiver::close);
    }
  }

  /**
   * What Prometheus scrapes from the cluster: every delivered attempt counted by outcome (the job
   * never restarted, so the counters are whole), and every metric the delivery-health rules of
   * docker/prometheus name is served.
   */
  private static void assertDeliveryMetrics(ReliabilityStack stack, int delivered)
      throws IOException {
    FlinkCluster flink = stack.flink();
    PrometheusText metrics =
        PrometheusText.parse(flink.metricsEndpoints().stream().map(flink::scrape).toList());
    assertEquals(
        delivered,
        metrics
            .sum("flink_taskmanager_job_task_operator_clickpulse_delivery_attempts_delivered")
            .orElse(-1),
        "delivered attempts counted: " + metrics.names());
    String rules =
        PrometheusText.ruleGroup(
            Files.readString(Path.of("..", "docker", "prometheus", "clickpulse-rules.yml")),
            "clickpulse-delivery");
    assertEquals(List.of(), metrics.unserved(rules), "metrics the delivery rules watch");
  }

  private static List<String> deliveryArgs(
      ReliabilityStack stack, Scenario alerts, Scenario target, Path config) {
    return List.of(
        "--kafka.bootstrap-servers", stack.kafka().bootstrapServers(),
        "--kafka.topic.alerts", alerts.alertsTopic(),
        "--kafka.topic.delivery-dead-letter", target.deliveryDeadLetterTopic(),
        "--kafka.group-id", target.name(),
        "--kafka.transactional-id-prefix", target.name(),
        "--kafka.starting-offsets", "earliest",
        "--clickhouse.url", stack.clickhouse().jdbcUrl(alerts.database()),
        "--delivery.config-file", config.toString(),
        "--checkpoint.interval", "2 s");
  }

  /** Secrets in files, as a Kubernetes secret would be mounted; the YAML only names them. */
  private static Path deliveryConfig(
      Path dir, String name, List<FlakyReceiver> receivers, List<Duration> delays)
      throws IOException {
    StringBuilder yaml = new StringBuilder("destinations:\n");
    List<String> names = new ArrayList<>();
    for (FlakyReceiver r : receivers) {
      Path url = Files.writeString(dir.resolve(r.name + ".url"), r.url());
      Path secret = Files.writeString(dir.resolve(r.name + ".secret"), r.secret);
      yaml.append(
          String.format(
              "  %s: { type: webhook, url-file: '%s', secrets-file: '%s', max-per-second: 50 }%n",
              r.name, url, secret));
      names.add(r.name);
    }
    yaml.append("routes:\n  - { to: [").append(String.join(", ", names)).append("] }\n");
    yaml.append("grouping: { group-wait: '0 s', group-interval: '1 s' }\n");
    yaml.append("retry: { delays: [")
        .append(String.join(", ", delays.stream().map(d -> "'" + d.toMillis() + " ms'").toList()))
        .append("], jitter: ")
        .append(JITTER)
        .append(" }\n");
    yaml.append("outbound: { allowed-hosts: ['127.0.0.1'], read-timeout: '15 s' }\n");
    return Files.writeString(dir.resolve(name + ".yaml"), yaml.toString());
  }

  /** Distinct alerts as the pipeline publishes them; returns their webhook-ids. */
  private static List<String> sendAlerts(ReliabilityStack stack, Scenario scenario) {
    List<String> ids = new ArrayList<>();
    long now = System.currentTimeMillis();
    try (var producer =
        stack.kafka().orderedProducer(new StringSerializer(), new ByteArraySerializer())) {
      for (int i = 0; i < ALERTS; i++) {
        Alert a = new Alert();
        a.rule = i % 2 == 0 ? "spike" : "broken_redirect";
        a.severity = i % 2 == 0 ? "info" : "critical";
        a.status = "firing";
        a.subjectType = "link";
        a.subjectId = "lnk-webhook-" + i;
        a.linkId = a.subjectId;
        a.campaignId = "cmp-webhook";
        a.owner = "ops@shop.example";
        a.windowStart = now - 120_000;
        a.windowEnd = now;
        a.reason = "link " + a.subjectId + ": planted for the webhook scenario";
        AlertIds.identify(a, "http://localhost:3000/d/x?var-link={link_id}");
        producer.send(new ProducerRecord<>(scenario.alertsTopic(), a.alertId, Json.bytes(a)));
        ids.add(a.alertId + ".firing");
      }
      producer.flush();
    }
    return ids;
  }

  record Replay(int exitCode, String output) {}

  /** Runs the replay command in its own JVM, as {@code ./clickpulse replay-deliveries} does. */
  private static Replay replay(
      ReliabilityStack stack, Scenario scenario, Scenario dead, Path config)
      throws IOException, InterruptedException {
    Path log = stack.dir().resolve(scenario.name()).resolve("replay-deliveries.log");
    Process process =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.clickpulse.jobs.delivery.DeliveryReplay",
                "--kafka.bootstrap-servers",
                stack.kafka().bootstrapServers(),
                "--kafka.topic.delivery-dead-letter",
                dead.deliveryDeadLetterTopic(),
                "--delivery.config-file",
                config.toString(),
                "--clickhouse.url",
                stack.clickhouse().jdbcUrl(scenario.database()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!process.waitFor(3, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the replay command did not finish: " + Files.readString(log));
    }
    return new Replay(process.exitValue(), Files.readString(log));
  }
}
