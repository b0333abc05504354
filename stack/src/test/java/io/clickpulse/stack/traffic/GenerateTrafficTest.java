package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateTrafficTest {

  @ParameterizedTest
  @CsvSource({
    "90s, 90",
    "10m, 600",
    "1h, 3600",
    "PT2M, 120",
    "' 5 M ', 300",
    "3 min, 180",
    "2 hours, 7200"
  })
  void durationsAreWrittenTheWayPeopleWriteThem(String text, long seconds) {
    assertEquals(Duration.ofSeconds(seconds), GenerateTraffic.duration(text));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "--rate 10                                  | --bootstrap HOST:PORT is required",
        "--bootstrap h:1 --rates 10                 | unknown option --rates",
        "--bootstrap h:1 --rate ten                 | --rate must be a number",
        "--bootstrap h:1 --duration soon            | not a duration: 'soon'",
        "--bootstrap h:1 --scenario chaos           | --scenario must be one of [demo, steady]",
        "--bootstrap h:1 --speedup 0.5              | --speedup must be in [1, 1440]",
        "--bootstrap h:1 --duration 2h --speedup 60 | pipeline rejects events older than 7 days",
        "--bootstrap                                | expected --name value pairs",
      })
  void badOptionsAreRefusedWithAMessageNamingTheOption(String args, String message) {
    var e =
        assertThrows(
            IllegalArgumentException.class, () -> GenerateTraffic.parse(args.strip().split(" +")));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "--bootstrap h:1, 200, 60, demo",
    "--bootstrap h:1 --rate 5 --speedup 1 --scenario steady, 5, 1, steady"
  })
  void defaultsAndOverrides(String args, double rate, double speedup, String scenario) {
    TrafficRun.Options options = GenerateTraffic.parse(args.split(" "));
    assertEquals(rate, options.rate());
    assertEquals(speedup, options.speedup());
    assertEquals(scenario, options.scenario());
    assertEquals("h:1", options.bootstrapServers());
  }
}
