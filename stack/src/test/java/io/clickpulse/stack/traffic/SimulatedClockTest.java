package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatedClockTest {
  private static final long START = 1_790_000_000_000L;
  private static final long MINUTE = 60_000;

  @Test
  void simulatedClockRunsFasterAndEndsAtTheWallClock() {
    var clock = new SimulatedClock(START, Duration.ofMinutes(3), 60);
    long end = START + 3 * MINUTE;
    assertEquals(end, clock.eventTime(end));
    assertEquals(end - 3 * 60 * MINUTE, clock.eventTime(START));
    assertEquals(end - 60 * MINUTE, clock.eventTime(end - MINUTE));
    assertEquals(end - MINUTE, clock.wallTime(end - 60 * MINUTE));
    assertEquals(START, new SimulatedClock(START, Duration.ofMinutes(3), 1).eventTime(START));
  }
}
