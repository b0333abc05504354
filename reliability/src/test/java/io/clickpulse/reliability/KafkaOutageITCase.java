package io.clickpulse.reliability;

import io.clickpulse.stack.FlinkCluster;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 9: the Kafka broker is killed mid-stream and stays down three times as long as the
 * sinks' transaction timeout (shortened to 20 s so the scenario takes a minute, not half an hour).
 * The transactions open at the kill outlive their timeout, and the broker aborts them when it is
 * back; the job, failing and restarting meanwhile, restores its last checkpoint and writes their
 * records again. Counts, dead letters and alert ids end up exact.
 *
 * <p>The kill falls in the middle of a checkpoint interval, after the last checkpoint's
 * transactions were committed: a kill in the moment between a checkpoint and its commit loses that
 * checkpoint's dead letters and alerts from the topics, by Kafka's design (docs/reliability.md),
 * and would make this scenario's outcome depend on timing.
 */
@Order(9)
@Tag("engines")
class KafkaOutageITCase {
  private static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration OUTAGE = TRANSACTION_TIMEOUT.multipliedBy(3);

  @Test
  @Timeout(600)
  void kafkaDownLongerThanTheTransactionTimeoutLosesNothingAndCountsNothingTwice() {
    MidStream.run(
        new Scenario("s9_kafka_outage"),
        new ClickStream(ClickHouseOutageITCase.EVENTS, 70, 9),
        1,
        KafkaOutageITCase::outage,
        "--kafka.transaction-timeout",
        TRANSACTION_TIMEOUT.toSeconds() + " s");
  }

  private static void outage(ReliabilityStack stack, String job, int n) {
    FlinkCluster flink = stack.flink();
    // Between 0.5 and 1.5 s after a checkpoint completed (every 2 s): its commit is done, the
    // next checkpoint's transactions are open.
    Await.until(
        "the middle of a checkpoint interval",
        Duration.ofMinutes(2),
        () -> {
          long age = System.currentTimeMillis() - flink.latestCheckpointCompletedAt(job);
          return age >= 500 && age < 1500;
        },
        () -> "latest checkpoint " + flink.latestCheckpoint(job));
    long checkpoint = flink.latestCheckpoint(job);
    stack.killKafka(OUTAGE);
    Await.until(
        "a checkpoint after Kafka came back",
        Duration.ofMinutes(3),
        () -> flink.latestCheckpoint(job) > checkpoint,
        () -> "latest checkpoint " + flink.latestCheckpoint(job) + ", job " + flink.jobState(job));
  }
}
