package io.clickpulse.jobs.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code aggregate.links-idle-timeout}: the links topic's own idleness, by default the clicks'. */
class LinksIdleTimeoutTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "           |        | PT1M  | PT1M",
        "30 s       |        | PT30S | PT30S",
        "           | 2 s    | PT1M  | PT2S",
        "5 min      | 10 s   | PT5M  | PT10S"
      })
  void defaultsToTheClicksIdleTimeout(
      String idle, String linksIdle, Duration expectedIdle, Duration expectedLinksIdle) {
    Map<String, String> values = new java.util.HashMap<>();
    if (idle != null) {
      values.put("aggregate.idle-timeout", idle);
    }
    if (linksIdle != null) {
      values.put("aggregate.links-idle-timeout", linksIdle);
    }
    EventTimeSettings settings = EventTimeSettings.from(Settings.of(values));
    assertEquals(expectedIdle, settings.idleTimeout());
    assertEquals(expectedLinksIdle, settings.linksIdleTimeout());
  }
}
