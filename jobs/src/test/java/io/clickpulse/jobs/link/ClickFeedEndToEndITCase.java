package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.standardwebhooks.Webhook;
import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.ClickPipelineSinks;
import io.clickpulse.jobs.ClickPipelineSources;
import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.jobs.delivery.FakeReceiver;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.ClickJson;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import io.clickpulse.stack.WorkDirs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The click feed end to end on the real Kafka and ClickHouse: link events and clicks → the click
 * pipeline (catalog join, bot check) → the {@code click_feed} topic (exactly once) → the delivery
 * job's feed → a local receiver, which gets every human click of the priority link exactly once, in
 * signed batches, and none of the others.
 */
@Tag("engines")
class ClickFeedEndToEndITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  @Test
  void humanClicksOfThePriorityLinkReachTheReceiverOnceInSignedBatches(@TempDir Path dir)
      throws Exception {
    KafkaBroker kafka = Engines.sharedKafka();
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String topic = Engines.unique("feed_clicks");
    String db = Engines.unique("feed");
    kafka.createTopics(
        2,
        topic,
        topic + "_dlq",
        topic + "_alerts",
        topic + "_links",
        topic + "_feed",
        topic + "_delivery_dlq");
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "feed: { priority-at-least: high }\n");
    ClickPipelineConfig pipeline =
        ClickPipelineConfig.from(
            Map.ofEntries(
                Map.entry("kafka.bootstrap-servers", kafka.bootstrapServers()),
                Map.entry("kafka.topic.raw", topic),
                Map.entry("kafka.topic.dead-letter", topic + "_dlq"),
                Map.entry("kafka.topic.alerts", topic + "_alerts"),
                Map.entry("kafka.topic.links", topic + "_links"),
                Map.entry("kafka.topic.click-feed", topic + "_feed"),
                Map.entry("kafka.group-id", db + "_pipeline"),
                Map.entry("kafka.transactional-id-prefix", db + "_pipeline"),
                Map.entry("kafka.starting-offsets", "earliest"),
                Map.entry("clickhouse.url", clickhouse.jdbcUrl(db)),
                Map.entry("privacy.visitor-hash-secret", "test-secret-0123456789"),
                // No bots by behaviour: they hold clicks back by event time, which a live test
                // without later clicks would not advance. Bots by user agent are still caught.
                Map.entry("alerts.enabled", "false"),
                Map.entry("alerts.rules-file", rules.toString()),
                Map.entry("checkpoint.interval", "500 ms"),
                Map.entry("checkpoint.dir", WorkDirs.newRunDir("checkpoints").toUri().toString()),
                Map.entry("parallelism", "1")));
    new ClickHouseMigrations(pipeline.clickhouse().url(), "default", "").apply();

    try (FakeReceiver receiver = new FakeReceiver();
        KafkaProducer<String, byte[]> producer =
            kafka.orderedProducer(new StringSerializer(), new ByteArraySerializer())) {
      receiver.then(FakeReceiver.Reply.status(503)); // the first batch is retried, same id
      String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
      Path yaml = dir.resolve("delivery.yaml");
      Files.writeString(
          yaml,
          "destinations:\n"
              + "  cdp: { type: webhook, url: '"
              + receiver.url("/clicks")
              + "', secrets-env: CDP_SECRET, max-per-second: 20 }\n"
              + "feeds:\n"
              + "  - { name: priority-clicks, topic: "
              + topic
              + "_feed, destination: cdp, batch-size: 2, max-wait: 300 ms }\n"
              + "retry: { delays: ['200 ms', '500 ms'], jitter: 0 }\n"
              + "outbound: { allowed-hosts: ['127.0.0.1'] }\n");
      DeliverNotifications.SerializableEnvironment environment = Map.of("CDP_SECRET", secret)::get;
      AlertDeliveryConfig delivery =
          AlertDeliveryConfig.from(
              Map.of(
                  "kafka.bootstrap-servers",
                  kafka.bootstrapServers(),
                  "kafka.topic.alerts",
                  topic + "_alerts",
                  "kafka.topic.delivery-dead-letter",
                  topic + "_delivery_dlq",
                  "kafka.group-id",
                  db + "_delivery",
                  "kafka.transactional-id-prefix",
                  db + "_delivery",
                  "kafka.starting-offsets",
                  "earliest",
                  "clickhouse.url",
                  clickhouse.jdbcUrl(db),
                  "delivery.config-file",
                  yaml.toString()));

      StreamExecutionEnvironment pipelineEnv = StreamExecutionEnvironment.getExecutionEnvironment();
      JobEnvironment.configure(pipelineEnv, pipeline);
      new ClickPipelineJob(pipeline)
          .build(pipelineEnv, ClickPipelineSources.of(pipeline), ClickPipelineSinks.of(pipeline));
      JobClient pipelineJob = pipelineEnv.executeAsync("click-feed-pipeline");
      StreamExecutionEnvironment deliveryEnv = StreamExecutionEnvironment.getExecutionEnvironment();
      deliveryEnv.enableCheckpointing(500);
      deliveryEnv.setParallelism(1); // one slot for each job
      new AlertDeliveryJob(DeliveryConfig.load(yaml, environment), environment)
          .build(deliveryEnv, delivery);
      JobClient deliveryJob = deliveryEnv.executeAsync("click-feed-delivery");
      try {
        long now = System.currentTimeMillis() - 60_000;
        String high = CLEAN + ",\"priority\":\"high\",\"contact_id\":\"hs-7\"";
        String normal = CLEAN + ",\"priority\":\"normal\"";
        send(
            producer,
            topic + "_links",
            "lnk-vip",
            json("created", "lnk-vip", 1, now, "https://shop.acme.com/v", high));
        send(
            producer,
            topic + "_links",
            "lnk-plain",
            json("created", "lnk-plain", 1, now, "https://shop.acme.com/p", normal));
        // The join meets its inputs in arrival order: clicks go once the catalog has the links.
        Await.until(
            "the catalog to store both links",
            Duration.ofSeconds(90),
            () ->
                clickhouse.query("SELECT count() FROM " + db + ".link_events").strip().equals("2"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
          expected.add(click(producer, topic, "vip-" + i, now + i * 1000, "lnk-vip", null));
        }
        click(producer, topic, "vip-bot-0", now + 10_000, "lnk-vip", "bot");
        click(producer, topic, "vip-bot-1", now + 11_000, "lnk-vip", "bot");
        click(producer, topic, "vip-test", now + 12_000, "lnk-vip", "test");
        for (int i = 0; i < 3; i++) {
          click(producer, topic, "plain-" + i, now + 13_000 + i, "lnk-plain", null);
        }
        producer.flush();

        Await.until(
            "every human click of lnk-vip delivered and recorded",
            Duration.ofSeconds(120),
            () ->
                itemIds(receiver).containsAll(expected)
                    && clickhouse
                        .query(
                            "SELECT countIf(outcome = 'delivered') = count(DISTINCT webhook_id) AND"
                                + " countIf(outcome = 'delivered') > 0 FROM "
                                + db
                                + ".alert_deliveries FINAL WHERE alert_id = 'feed:priority-clicks'")
                        .strip()
                        .equals("1"),
            () -> "received " + itemIds(receiver));
      } finally {
        deliveryJob.cancel().get();
        pipelineJob.cancel().get();
      }

      List<String> delivered = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (FakeReceiver.Request r : receiver.requests) {
        new Webhook(secret)
            .verify(
                r.body(),
                Map.of(
                    "webhook-id", List.of(r.header("webhook-id")),
                    "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                    "webhook-signature", List.of(r.header("webhook-signature"))));
        JsonSchemas.assertValid(
            "https://clickpulse.io/schemas/click-feed-batch.schema.json", r.body());
        ids.add(r.header("webhook-id"));
      }
      // The first request met the 503: its batch came again with the same id; the rest once.
      assertEquals(
          true,
          ids.subList(1, ids.size()).contains(ids.get(0)),
          "a retried batch keeps its webhook-id: " + ids);
      assertEquals(ids.size() - 1, ids.stream().distinct().count(), "no batch twice but that one");
      for (FakeReceiver.Request r : receiver.requests.subList(1, receiver.requests.size())) {
        Json.MAPPER
            .readTree(r.body())
            .get("items")
            .forEach(i -> delivered.add(i.get("id").asText()));
      }
      assertEquals(
          List.of("vip-0", "vip-1", "vip-2", "vip-3", "vip-4"),
          delivered.stream().sorted().toList(),
          "every human click of the priority link exactly once; no bot, test or normal link");
      JsonNode first = Json.MAPPER.readTree(receiver.requests.get(0).body()).get("items").get(0);
      assertEquals("hs-7", first.get("contact_id").asText());
      assertEquals("Winter sale 2026", first.get("campaign_name").asText());
    }
  }

  private static List<String> itemIds(FakeReceiver receiver) {
    List<String> ids = new ArrayList<>();
    for (FakeReceiver.Request r : List.copyOf(receiver.requests)) {
      try {
        Json.MAPPER.readTree(r.body()).get("items").forEach(i -> ids.add(i.get("id").asText()));
      } catch (Exception e) {
        throw new AssertionError(e);
      }
    }
    return ids;
  }

  private static void send(
      KafkaProducer<String, byte[]> producer, String topic, String key, String value) {
    producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)));
  }

  private static String click(
      KafkaProducer<String, byte[]> producer,
      String topic,
      String id,
      long time,
      String linkId,
      String kind) {
    ClickJson c =
        ClickJson.click(id, time, linkId).set("ip", "198.51.100." + (id.hashCode() & 0x7f));
    if ("bot".equals(kind)) {
      c.set("user_agent", ClickJson.SLACKBOT);
    } else if ("test".equals(kind)) {
      c.test();
    }
    producer.send(new ProducerRecord<>(topic, linkId, c.bytes()));
    return id;
  }
}
