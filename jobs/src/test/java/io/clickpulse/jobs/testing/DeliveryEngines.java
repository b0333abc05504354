package io.clickpulse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import io.clickpulse.stack.KafkaBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The delivery job's ITCase setup against the real engines (the shared Kafka and ClickHouse): an
 * alerts topic and its dead-letter topic of their own, a database of its own, the delivery file
 * with fast retries to loopback receivers, and the job started on the test's MiniCluster.
 */
public final class DeliveryEngines {
  public final KafkaBroker kafka = Engines.sharedKafka();
  public final ClickHouseServer clickhouse = Engines.sharedClickHouse();
  public final String topic = Engines.unique("alerts");
  public final String db;

  /** A new alerts topic and dead-letter topic (2 partitions each); a database named after it. */
  public DeliveryEngines(String database) {
    db = Engines.unique(database);
    kafka.createTopics(2, topic, deadLetterTopic());
  }

  public String deadLetterTopic() {
    return topic + "_dlq";
  }

  /**
   * Writes {@code delivery.yaml} in {@code dir}: {@code yaml} (destinations, routes, grouping),
   * then retries after 200 and 500 ms without jitter and outbound requests allowed to 127.0.0.1
   * only.
   */
  public static Path deliveryFile(Path dir, String yaml) throws IOException {
    return Files.writeString(
        dir.resolve("delivery.yaml"),
        yaml
            + "retry: { delays: ['200 ms', '500 ms'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n");
  }

  /** A producer to the broker; the caller closes it. */
  public KafkaProducer<String, byte[]> producer() {
    return kafka.orderedProducer(new StringSerializer(), new ByteArraySerializer());
  }

  /** The job's settings: these topics and database, from the earliest offsets. */
  public AlertDeliveryConfig config(Path deliveryFile) {
    return AlertDeliveryConfig.from(
        Map.of(
            "kafka.bootstrap-servers",
            kafka.bootstrapServers(),
            "kafka.topic.alerts",
            topic,
            "kafka.topic.delivery-dead-letter",
            deadLetterTopic(),
            "kafka.group-id",
            db,
            "kafka.transactional-id-prefix",
            db,
            "kafka.starting-offsets",
            "earliest",
            "clickhouse.url",
            clickhouse.jdbcUrl(db),
            "delivery.config-file",
            deliveryFile.toString()));
  }

  /** Migrates the database, then starts the delivery job, checkpointing every 500 ms. */
  public JobClient start(
      Path deliveryFile, DeliverNotifications.SerializableEnvironment environment, String name)
      throws Exception {
    AlertDeliveryConfig config = config(deliveryFile);
    new ClickHouseMigrations(config.clickhouse().url(), "default", "").apply();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(500);
    new AlertDeliveryJob(DeliveryConfig.load(deliveryFile, environment), environment)
        .build(env, config);
    return env.executeAsync(name);
  }

  /** The deliveries recorded as delivered in {@code alert_deliveries} so far. */
  public long delivered() {
    return Long.parseLong(
        clickhouse
            .query("SELECT countIf(outcome = 'delivered') FROM " + db + ".alert_deliveries FINAL")
            .strip());
  }

  /** Everything on the dead-letter topic so far. */
  public List<JsonNode> deadLetters() {
    return TopicReader.readAll(kafka.bootstrapServers(), deadLetterTopic());
  }
}
