package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.stack.FlinkCluster;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 9: the Kafka broker is killed mid-stream and stays down three times as long as the
 * sinks' transaction timeout (shortened to 20 s so the scenario takes a minute, not half an hour).
 * The transactions open at the kill outlive their timeout and are aborted once the broker is back;
 * the job, failing and restarting meanwhile, restores its last checkpoint and writes their records
 * again. Counts, dead letters and alert ids end up exact.
 *
 * <p>The kill falls in the middle of a checkpoint interval, after the last checkpoint's
 * transactions were committed, while a transaction holds dead letters on the broker: a kill in the
 * moment between a checkpoint and its commit loses that checkpoint's dead letters and alerts from
 * the topics, by Kafka's design (docs/reliability.md), and would make the outcome depend on timing.
 * The test's own producer has sent and had acknowledged every record before the kill: the scenario
 * is about the job, and a producer facing the outage would fail the test (it never drops a record
 * silently).
 */
@Order(9)
@Tag("engines")
class KafkaOutageITCase {
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration OUTAGE = TRANSACTION_TIMEOUT.multipliedBy(3);

  @Test
  @Timeout(600)
  void kafkaDownLongerThanTheTransactionTimeoutLosesNothingAndCountsNothingTwice() {
    Scenario scenario = new Scenario("s9_kafka_outage");
    ClickStream stream = new ClickStream(ClickHouseOutageITCase.EVENTS, 70, 9);
    Map<TopicPartition, Long> openAtKill = new HashMap<>();
    long restarts =
        MidStream.run(
            scenario,
            stream,
            1,
            (stack, job, n) -> openAtKill.putAll(outage(stack, job, stream, scenario)),
            "--kafka.transaction-timeout",
            TRANSACTION_TIMEOUT.toSeconds() + " s");
    assertTrue(restarts >= 1, "the job failed while Kafka was down, and restarted: " + restarts);

    // Each transaction open at the kill held dead letters from its first offset on; the broker
    // must have aborted it (read_committed skips that offset), neither committed it (the exact
    // checks would have found the dead letters twice) nor left it open (they would not be read).
    String kafka = ReliabilityStack.get().kafka().bootstrapServers();
    openAtKill.forEach(
        (partition, offset) -> {
          assertEquals(
              OptionalLong.of(offset),
              firstOffsetFrom(kafka, partition, offset, IsolationLevel.READ_UNCOMMITTED),
              "the dead letter at " + partition + "@" + offset + " is in the log");
          OptionalLong committed =
              firstOffsetFrom(kafka, partition, offset, IsolationLevel.READ_COMMITTED);
          assertTrue(
              committed.isEmpty() || committed.getAsLong() > offset,
              "the dead letter at "
                  + partition
                  + "@"
                  + offset
                  + ", in a transaction open at the kill, was aborted; read_committed found "
                  + committed);
        });
    Report.figure(
        scenario,
        "transactions open at the kill, aborted after it (partition@first offset): %s",
        openAtKill);
  }

  /**
   * Waits until the stream is acknowledged and a transaction holds dead letters in the middle of a
   * checkpoint interval, kills the broker, keeps it down for {@link #OUTAGE}, starts it again and
   * waits for the job's next checkpoint. Returns where each open transaction began, per partition.
   */
  private static Map<TopicPartition, Long> outage(
      ReliabilityStack stack, String job, ClickStream stream, Scenario scenario) {
    FlinkCluster flink = stack.flink();
    stream.awaitAcknowledged(Duration.ofMinutes(5));
    AtomicReference<Map<TopicPartition, Long>> open = new AtomicReference<>(Map.of());
    Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
    long checkpoint;
    try {
      // Between 0.5 and 1.5 s after a checkpoint completed (every 2 s): its commit is done, the
      // next checkpoint's transactions are open, one of them already holding dead letters.
      Await.until(
          "the middle of a checkpoint interval, a transaction holding dead letters",
          Duration.ofMinutes(2),
          () -> {
            long age = System.currentTimeMillis() - flink.latestCheckpointCompletedAt(job);
            if (age < 500 || age >= 1500) {
              return false;
            }
            open.set(openTransactions(admin, scenario.deadLetterTopic()));
            return !open.get().isEmpty();
          },
          () -> "latest checkpoint " + flink.latestCheckpoint(job) + ", open " + open.get());
      checkpoint = flink.latestCheckpoint(job);
      stack.killKafka(OUTAGE);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
    Await.until(
        "a checkpoint after Kafka came back",
        Duration.ofMinutes(3),
        () -> flink.latestCheckpoint(job) > checkpoint,
        () -> "latest checkpoint " + flink.latestCheckpoint(job) + ", job " + flink.jobState(job));
    return open.get();
  }

  /**
   * Per partition of {@code topic} whose last stable offset is below its high watermark, the last
   * stable offset: the first record of the oldest transaction still open.
   */
  private static Map<TopicPartition, Long> openTransactions(Admin admin, String topic) {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < ReliabilityStack.SLOTS; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    try {
      var stable =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      var high =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get();
      Map<TopicPartition, Long> open = new HashMap<>();
      stable.forEach(
          (partition, info) -> {
            if (info.offset() < high.get(partition).offset()) {
              open.put(partition, info.offset());
            }
          });
      return open;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list the offsets of " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The offset of the first record at or after {@code from} a consumer at {@code isolation} gets.
   */
  private static OptionalLong firstOffsetFrom(
      String bootstrapServers, TopicPartition partition, long from, IsolationLevel isolation) {
    Map<String, Object> props =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            bootstrapServers,
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolation.toString().toLowerCase(Locale.ROOT),
            ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
            false);
    try (var consumer =
        new KafkaConsumer<byte[], byte[]>(
            props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(partition));
      consumer.seek(partition, from);
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (consumer.position(partition) < end) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not read " + partition + " from " + from);
        }
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          return OptionalLong.of(record.offset());
        }
      }
      return OptionalLong.empty();
    }
  }
}
