package io.clickpulse.reliability;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 3: the Kafka broker is restarted mid-stream (SIGTERM, then started on the same port and
 * log dir) while the job reads the raw topic and writes dead letters and alerts in transactions.
 */
@Order(3)
@Tag("engines")
class KafkaRestartITCase {
  @Test
  @Timeout(600)
  void kafkaRestartMidStreamLosesNothingAndCountsNothingTwice() {
    MidStream.run(
        new Scenario("s3_kafka_restart"),
        new ClickStream(ClickHouseOutageITCase.EVENTS, 70, 3),
        1,
        (stack, job, n) -> stack.restartKafka());
  }
}
