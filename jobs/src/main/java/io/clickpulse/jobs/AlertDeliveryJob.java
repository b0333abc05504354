package io.clickpulse.jobs;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.clickhouse.ClickHouseSinks;
import io.clickpulse.jobs.config.AlertDeliveryConfig;
import io.clickpulse.jobs.delivery.CountAttempts;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.DeliverOperator;
import io.clickpulse.jobs.delivery.DeliveriesTable;
import io.clickpulse.jobs.delivery.DeliveryAttempt;
import io.clickpulse.jobs.delivery.DeliveryConfig;
import io.clickpulse.jobs.delivery.DeliveryDeadLetter;
import io.clickpulse.jobs.delivery.DigestScheduleStage;
import io.clickpulse.jobs.delivery.FeedStage;
import io.clickpulse.jobs.delivery.GroupNotifications;
import io.clickpulse.jobs.delivery.Notification;
import io.clickpulse.jobs.delivery.ParseAlerts;
import io.clickpulse.jobs.delivery.RouteAlerts;
import io.clickpulse.jobs.delivery.TicketStage;
import io.clickpulse.jobs.json.JsonSerialization;
import io.clickpulse.jobs.kafka.KafkaConnectors;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.jobs.kafka.RawRecord;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alert delivery: Kafka {@code alerts} → route to destinations → group (Alertmanager-style) →
 * deliver (rate-limited, retried, signed) → every attempt to ClickHouse {@code alert_deliveries};
 * what cannot be delivered → Kafka {@code alerts.dlq}, from where {@code ./clickpulse
 * replay-deliveries} sends it again.
 */
public final class AlertDeliveryJob {
  private static final Logger LOG = LoggerFactory.getLogger(AlertDeliveryJob.class);

  private final DeliveryConfig delivery;
  private final DeliverNotifications.SerializableEnvironment environment;

  public AlertDeliveryJob(
      DeliveryConfig delivery, DeliverNotifications.SerializableEnvironment environment) {
    this.delivery = delivery;
    this.environment = environment;
  }

  public static void main(String[] args) throws Exception {
    AlertDeliveryConfig config = AlertDeliveryConfig.fromArgs(args);
    LOG.info("Starting alert delivery with {}", config);
    DeliverNotifications.SerializableEnvironment environment = System::getenv;
    // Checked here, at start: every destination's URL and secrets (messages never show them).
    DeliveryConfig delivery =
        DeliveryConfig.load(Paths.get(config.deliveryConfigFile()), environment);
    List<String> topics = new ArrayList<>(List.of(config.alertsTopic(), config.deadLetterTopic()));
    delivery.feeds().forEach(f -> topics.add(f.topic));
    KafkaTopics.requireExisting(config.kafka().bootstrapServers(), topics);
    if (config.clickhouse().applyMigrations()) {
      new ClickHouseMigrations(config.clickhouse()).apply();
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    new AlertDeliveryJob(delivery, environment).build(env, config);
    env.execute("clickpulse-alert-delivery");
  }

  /** The job with the Kafka source and the ClickHouse and Kafka sinks that {@code config} names. */
  public void build(StreamExecutionEnvironment env, AlertDeliveryConfig config) {
    build(env, source(config), feedSources(config), attempts(config), deadLetters(config));
    // Each route's scheduled digest (issue #18); none without a route with digest: in the file.
    DigestScheduleStage.attach(env, delivery, environment, config.clickhouse());
  }

  public void build(
      StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source,
      Sink<DeliveryAttempt> attemptsSink,
      Sink<DeliveryDeadLetter> deadLetterSink) {
    build(env, source, Map.of(), attemptsSink, deadLetterSink);
  }

  /**
   * As above, with the feeds of the delivery config reading {@code feedSources} (by feed name; a
   * feed without a source is left out): batched, then delivered by the same operator as the alerts
   * (one rate limit per destination). Without feeds the graph is the alerts' alone.
   */
  public void build(
      StreamExecutionEnvironment env,
      Source<RawRecord, ?, ?> source,
      Map<String, Source<RawRecord, ?, ?>> feedSources,
      Sink<DeliveryAttempt> attemptsSink,
      Sink<DeliveryDeadLetter> deadLetterSink) {
    SingleOutputStreamOperator<Alert> alerts =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "alerts")
            .uid("source-alerts")
            .process(new ParseAlerts())
            .name("parse-alerts")
            .uid("parse-alerts");

    DataStream<Notification> notifications =
        alerts
            .flatMap(new RouteAlerts(delivery))
            .name("route")
            .uid("route")
            .keyBy(r -> r.destination)
            .process(new GroupNotifications(delivery))
            .name("group")
            // New state shape (issue #16): the old "group" state is dropped on upgrade.
            .uid("group-by-labels");
    FeedStage feeds = FeedStage.build(env, delivery.feeds(), feedSources);
    if (feeds != null) {
      notifications = notifications.union(feeds.batches());
    }
    SingleOutputStreamOperator<DeliveryAttempt> attempts =
        notifications
            .keyBy(n -> n.destination)
            // Sends run off the task thread; results come back through the mailbox.
            .transform(
                "deliver",
                TypeInformation.of(DeliveryAttempt.class),
                new DeliverOperator(new DeliverNotifications(delivery, environment)))
            .uid("deliver");

    // Tickets (issue #18): a stage only when the file has a type: ticket destination.
    DataStream<DeliveryAttempt> recorded = attempts;
    DataStream<DeliveryDeadLetter> deadLetters =
        attempts
            .getSideOutput(DeliverNotifications.DEAD_LETTERS)
            .union(alerts.getSideOutput(ParseAlerts.UNREADABLE));
    if (feeds != null) {
      deadLetters = deadLetters.union(feeds.unreadable());
    }
    SingleOutputStreamOperator<DeliveryAttempt> tickets =
        TicketStage.attach(alerts, delivery, environment);
    if (tickets != null) {
      recorded = recorded.union(tickets);
      deadLetters = deadLetters.union(tickets.getSideOutput(DeliverNotifications.DEAD_LETTERS));
    }

    recorded
        .map(new CountAttempts())
        .name("count-delivery-attempts")
        .uid("count-delivery-attempts")
        .sinkTo(attemptsSink)
        .name("clickhouse-alert-deliveries")
        .uid("sink-clickhouse-alert-deliveries");
    deadLetters
        .sinkTo(deadLetterSink)
        .name("kafka-delivery-dead-letters")
        .uid("sink-kafka-delivery-dead-letters");
  }

  public static Source<RawRecord, ?, ?> source(AlertDeliveryConfig c) {
    return KafkaConnectors.raw(c.kafka(), c.alertsTopic());
  }

  /** Each feed's topic, read committed from where the job's offsets left off. */
  public Map<String, Source<RawRecord, ?, ?>> feedSources(AlertDeliveryConfig c) {
    Map<String, Source<RawRecord, ?, ?>> sources = new LinkedHashMap<>();
    delivery.feeds().forEach(f -> sources.put(f.name, KafkaConnectors.raw(c.kafka(), f.topic)));
    return sources;
  }

  public static Sink<DeliveryAttempt> attempts(AlertDeliveryConfig c) {
    return ClickHouseSinks.sink(
        c.clickhouse(), DeliveriesTable.INSERT, DeliveriesTable.STATEMENT_BUILDER);
  }

  public static Sink<DeliveryDeadLetter> deadLetters(AlertDeliveryConfig c) {
    return KafkaConnectors.exactlyOnce(
        c.kafka(),
        "-dlq",
        KafkaRecordSerializationSchema.<DeliveryDeadLetter>builder()
            .setTopic(c.deadLetterTopic())
            .setValueSerializationSchema(new DeadLetterJson())
            .build());
  }

  /** Delivery dead letters as JSON. */
  public static class DeadLetterJson extends JsonSerialization<DeliveryDeadLetter> {}
}
