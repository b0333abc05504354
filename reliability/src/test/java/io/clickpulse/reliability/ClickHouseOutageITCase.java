package io.clickpulse.reliability;

import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 2: ClickHouse is stopped for 60 s mid-stream and started again on the same port and
 * data. The sinks fail, the job backs off and restarts from its last checkpoint until ClickHouse
 * answers again, then catches up; ClickHouse ends up exact.
 */
@Order(2)
@Tag("engines")
class ClickHouseOutageITCase {
  static final long EVENTS = Long.getLong("reliability.outage-events", 100_000);

  @Test
  @Timeout(600)
  void clickHouseDownForAMinuteMidStreamLosesNothingAndCountsNothingTwice() {
    MidStream.run(
        new Scenario("s2_clickhouse_outage"),
        new ClickStream(EVENTS, 70, 2),
        1,
        (stack, job, n) -> stack.restartClickHouse(Duration.ofSeconds(60)));
  }
}
