package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.stack.FlinkCluster;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
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
 * <p>The kill falls after the last checkpoint's transactions were committed (checked on the broker,
 * see {@link #outage}), while a transaction holds dead letters: a kill in the moment between a
 * checkpoint and its commit loses that checkpoint's dead letters and alerts from the topics, by
 * Kafka's design (docs/reliability.md), and would make the outcome depend on timing. The test's own
 * producer has sent and had acknowledged every record before the kill: the scenario is about the
 * job, and a producer facing the outage would fail the test (it never drops a record silently).
 */
@Order(9)
@Tag("engines")
class KafkaOutageITCase {
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration OUTAGE = TRANSACTION_TIMEOUT.multipliedBy(3);

  /**
   * No checkpoint starts sooner than this after the previous one completed, so a kill within {@link
   * #KILL_WITHIN} of a completion can never fall inside a checkpoint (below).
   */
  private static final Duration MIN_PAUSE = Duration.ofSeconds(10);

  private static final Duration KILL_WITHIN = MIN_PAUSE.minusSeconds(2);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

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
            TRANSACTION_TIMEOUT.toSeconds() + " s",
            "--checkpoint.min-pause",
            MIN_PAUSE.toSeconds() + " s",
            // Longer than the outage: no partition goes idle while the broker is down (what
            // happens when one does: docs/reliability.md, scenario 9).
            "--aggregate.idle-timeout",
            OUTAGE.plusSeconds(30).toSeconds() + " s");
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
   * Waits until the stream is acknowledged and for a moment when killing the broker loses nothing
   * (below), kills it, keeps it down for {@link #OUTAGE}, starts it again and waits for the job's
   * next checkpoint. Returns where each open dead-letter transaction began, per partition.
   *
   * <p>The moment: no checkpoint is in progress, however busy the machine (the latest completed
   * less than {@link #KILL_WITHIN} ago, and the job waits {@link #MIN_PAUSE} before the next: a
   * checkpoint that reached the sinks and completed after the kill could not commit, and the broker
   * would abort it); no transaction of a completed checkpoint is still open on the broker (a kill
   * before that commit loses its records, by Kafka's design; under load the commit came more than
   * 0.5 s after the checkpoint); and a dead-letter transaction is open with records (what the
   * broker must abort).
   */
  private static Map<TopicPartition, Long> outage(
      ReliabilityStack stack, String job, ClickStream stream, Scenario scenario) {
    FlinkCluster flink = stack.flink();
    stream.awaitAcknowledged(Duration.ofMinutes(5));
    AtomicReference<Map<TopicPartition, Long>> open = new AtomicReference<>(Map.of());
    AtomicReference<String> seen = new AtomicReference<>("nothing yet");
    Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers()));
    AtomicLong checkpoint = new AtomicLong();
    try {
      Await.until(
          "a moment when the broker can be killed without losing a committed checkpoint's records",
          Duration.ofMinutes(3),
          () -> {
            JsonNode latest = latestCompletedCheckpoint(flink, job);
            if (latest == null) {
              return false;
            }
            checkpoint.set(latest.path("id").asLong());
            long completed = latest.path("latest_ack_timestamp").asLong();
            Map<String, Long> started = openTransactionStarts(admin, scenario.name() + "-");
            open.set(openTransactions(admin, scenario.deadLetterTopic()));
            // Checked last: everything above was seen before the next checkpoint could start, and
            // the kill follows at once.
            long sinceCompleted = System.currentTimeMillis() - completed;
            seen.set(
                "checkpoint "
                    + checkpoint.get()
                    + " completed "
                    + sinceCompleted
                    + " ms before; open transactions started at "
                    + started
                    + "; dead letters open at "
                    + open.get());
            return sinceCompleted < KILL_WITHIN.toMillis()
                && started.keySet().stream().allMatch(id -> checkpointOf(id) > checkpoint.get())
                && !open.get().isEmpty();
          },
          seen::get);
      stack.killKafka(OUTAGE);
    } finally {
      admin.close(Duration.ofSeconds(5));
    }
    Report.figure(scenario, "killed the broker at: %s", seen.get());
    Await.until(
        "a checkpoint after Kafka came back",
        Duration.ofMinutes(3),
        () -> flink.latestCheckpoint(job) > checkpoint.get(),
        () -> "latest checkpoint " + flink.latestCheckpoint(job) + ", job " + flink.jobState(job));
    return open.get();
  }

  /**
   * The checkpoint whose completion commits a Kafka sink's transaction: Flink's exactly-once
   * writers name each transaction {@code <prefix>-<subtask>-<checkpoint id>}.
   */
  private static long checkpointOf(String transactionalId) {
    return Long.parseLong(transactionalId.substring(transactionalId.lastIndexOf('-') + 1));
  }

  /** The latest completed checkpoint as Flink's REST API describes it; null before the first. */
  private static JsonNode latestCompletedCheckpoint(FlinkCluster flink, String job) {
    JsonNode completed = checkpoints(flink, job).path("latest").path("completed");
    return completed.isObject() ? completed : null;
  }

  /** The job's checkpoint statistics from Flink's REST API. */
  private static JsonNode checkpoints(FlinkCluster flink, String job) {
    try {
      HttpResponse<String> response =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(flink.restUrl() + "/jobs/" + job + "/checkpoints"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Json.read(response.body());
    } catch (IOException e) {
      throw new IllegalStateException("Flink REST not answering", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** When each transaction still open (or being completed) under {@code prefix} began, by id. */
  private static Map<String, Long> openTransactionStarts(Admin admin, String prefix) {
    try {
      List<String> ids =
          admin
              .listTransactions(
                  new ListTransactionsOptions()
                      .filterStates(
                          List.of(
                              TransactionState.ONGOING,
                              TransactionState.PREPARE_COMMIT,
                              TransactionState.PREPARE_ABORT)))
              .all()
              .get()
              .stream()
              .map(TransactionListing::transactionalId)
              .filter(id -> id.startsWith(prefix))
              .toList();
      Map<String, Long> started = new HashMap<>();
      if (!ids.isEmpty()) {
        admin
            .describeTransactions(ids)
            .all()
            .get()
            .forEach(
                (id, description) ->
                    started.put(id, description.transactionStartTimeMs().orElse(Long.MAX_VALUE)));
      }
      return started;
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot list the transactions under " + prefix, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
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
