package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.CollectingSink;
import io.clickpulse.jobs.testing.MiniClusters;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The feeds as a stage of the delivery job on a MiniCluster: in-memory feed records, a real local
 * receiver, collecting sinks for the attempts and dead letters; and the job's graph without feeds.
 */
class FeedStageTest {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(1);

  private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);

  /** The running test's attempts, read by the generator (which must be serializable). */
  private static volatile CollectingSink<DeliveryAttempt> recorded;

  @Test
  void feedRecordsArriveInSignedBatchesAndUnreadableOnesAreDeadLettered() throws Exception {
    try (FakeReceiver r = new FakeReceiver()) {
      AlertDeliveryJob job = job(r.url("/feed"));
      CollectingSink<DeliveryAttempt> attempts = new CollectingSink<>();
      recorded = attempts;
      CollectingSink<DeliveryDeadLetter> dead = new CollectingSink<>();
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      job.build(
          env,
          noAlerts(),
          Map.of(
              "clicks",
              new DataGeneratorSource<>(new Records(), 8, TypeInformation.of(RawRecord.class))),
          attempts,
          dead);
      env.execute("feed-stage");

      List<List<String>> batches = new ArrayList<>();
      for (FakeReceiver.Request q : r.requests) {
        JsonNode body = Json.MAPPER.readTree(q.body());
        assertEquals("clicks", body.get("feed").asText());
        List<String> ids = new ArrayList<>();
        body.get("items").forEach(i -> ids.add(i.get("id").asText()));
        batches.add(ids);
        assertEquals(
            FeedBatch.webhookId("clicks", ids.get(0), ids.get(ids.size() - 1), ids.size()),
            q.header("webhook-id"));
        assertTrue(q.header("webhook-signature").startsWith("v1,"), q.header("webhook-signature"));
      }
      assertEquals(
          List.of(List.of("c-0", "c-1", "c-2"), List.of("c-3", "c-4", "c-5"), List.of("c-6")),
          batches.stream().sorted(java.util.Comparator.comparing(b -> b.get(0))).toList(),
          "full batches at once, the rest after max-wait (batches are not ordered, docs/delivery.md)");
      assertEquals(List.of("c-6"), batches.get(2), "the part batch last, after max-wait");
      assertEquals(
          List.of("delivered feed:clicks", "delivered feed:clicks", "delivered feed:clicks"),
          attempts.collected().stream().map(a -> a.outcome + " " + a.alertId).toList());
      // The alerts source of one empty record (a generator of count 0 still makes one) adds its
      // own.
      List<DeliveryDeadLetter> feedDead =
          dead.collected().stream().filter(d -> d.webhookId.startsWith("click_feed/")).toList();
      assertEquals(1, feedDead.size(), dead.collected().toString());
      assertEquals("click_feed/0@7", feedDead.get(0).webhookId);
      assertTrue(
          feedDead.get(0).reason.startsWith("unreadable feed item (clicks): Unrecognized token"),
          feedDead.get(0).reason);
    } finally {
      recorded = null;
    }
  }

  @Test
  void withoutFeedsTheGraphIsTheAlertsAloneAndWithThemBatchesJoinTheDelivery() throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job("http://127.0.0.1:9/feed")
        .build(env, noAlerts(), new CollectingSink<>(), new CollectingSink<>());
    assertEquals(
        List.of(
            "source-alerts",
            "parse-alerts",
            "route",
            "group-by-labels",
            "deliver",
            "count-delivery-attempts",
            "sink-clickhouse-alert-deliveries",
            "sink-kafka-delivery-dead-letters"),
        uids(env.getStreamGraph()),
        "the uids (and so the state) of the job before feeds");
    assertEquals(List.of("group"), inputsOfDeliver(env, false));
    assertEquals(List.of("group", "batch-feeds"), inputsOfDeliver(env, true));
  }

  private static List<String> inputsOfDeliver(StreamExecutionEnvironment unused, boolean feeds)
      throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    job("http://127.0.0.1:9/feed")
        .build(
            env,
            noAlerts(),
            feeds
                ? Map.of(
                    "clicks",
                    new DataGeneratorSource<>(
                        new Records(), 1, TypeInformation.of(RawRecord.class)))
                : Map.of(),
            new CollectingSink<>(),
            new CollectingSink<>());
    StreamGraph graph = env.getStreamGraph();
    StreamNode deliver =
        graph.getStreamNodes().stream()
            .filter(n -> n.getOperatorName().equals("deliver"))
            .findFirst()
            .orElseThrow();
    return deliver.getInEdges().stream()
        .map(e -> graph.getStreamNode(e.getSourceId()).getOperatorName())
        .toList();
  }

  private static List<String> uids(StreamGraph graph) {
    return graph.getStreamNodes().stream()
        .sorted(java.util.Comparator.comparingInt(StreamNode::getId))
        .map(StreamNode::getTransformationUID)
        .toList();
  }

  private static AlertDeliveryJob job(String url) {
    String yaml =
        "destinations:\n"
            + "  cdp: { type: webhook, url: '"
            + url
            + "', secrets-env: CDP_SECRETS, max-per-second: 20 }\n"
            + "feeds: [ { name: clicks, topic: click_feed, destination: cdp, batch-size: 3,"
            + " max-wait: 200 ms } ]\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("CDP_SECRETS", SECRET)::get;
    return new AlertDeliveryJob(
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env),
        env);
  }

  private static Source<RawRecord, ?, ?> noAlerts() {
    return new DataGeneratorSource<>(
        i -> new RawRecord("alerts", 0, i, 0, new byte[0]), 0, TypeInformation.of(RawRecord.class));
  }

  /**
   * Seven items, then (once their three batches are delivered and recorded, so the job does not end
   * before its timers fire) one record that is not JSON.
   */
  private static final class Records implements GeneratorFunction<Long, RawRecord> {
    @Override
    public RawRecord map(Long i) {
      if (i < 7) {
        String json = "{\"id\":\"c-" + i + "\",\"link_id\":\"lnk-1\"}";
        return new RawRecord("click_feed", 0, i, 0, json.getBytes(StandardCharsets.UTF_8));
      }
      CollectingSink<DeliveryAttempt> attempts = recorded;
      if (attempts != null) {
        Await.until(
            "three batches delivered",
            Duration.ofSeconds(60),
            () -> attempts.collected().size() >= 3);
      }
      return new RawRecord("click_feed", 0, i, 0, "not json".getBytes(StandardCharsets.UTF_8));
    }
  }
}
