package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
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
    "2 hours, 7200",
    "3d, 259200"
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
        "--bootstrap h:1 --backlog 12h --rate 5     | --rate, --duration and --speedup pace a live run",
        "--bootstrap h:1 --events 5000              | --events sets the volume of a --backlog",
        "--bootstrap h:1 --backlog 4d               | --backlog must be in [1 min, 3 days]",
        "--bootstrap h:1 --backlog 30m              | --scenario demo needs at least 60 minutes",
        "--bootstrap h:1 --backlog 1h --events 50   | --events must be in [100, 1e9]",
        "--bootstrap h:1 --backlog 1h --events many | --events must be a whole number",
        "--bootstrap h:1 --links 10                 | --links must be in [100, 10000000]",
        "--bootstrap h:1 --producer-skew 6m         | --producer-skew must be in [0, 5 min)",
        "--bootstrap h:1 --producer-skew soon       | --producer-skew: not a duration",
        "--bootstrap h:1 --late-share 0.5           | --late-share must be in [0, 0.1]",
        "--bootstrap h:1 --zone Mars/Olympus        | --zone must be a time zone",
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
    assertEquals(null, options.backlog(), "live unless --backlog");
  }

  @Test
  void aBacklogTakesTheModelsOptions() {
    TrafficRun.Options options =
        GenerateTraffic.parse(
            ("--bootstrap h:1 --backlog 12h --events 2000000 --seed 9 --links 50000 --producers 4"
                    + " --producer-skew 4m --late-share 0.01 --one-click-share 0.7 --zone +02:00")
                .split(" "));
    assertEquals(Duration.ofHours(12), options.backlog());
    assertEquals(Duration.ofHours(12), options.eventTimeSpan());
    RealisticTraffic.Options traffic = options.traffic();
    assertEquals(2_000_000, traffic.events());
    assertEquals(9, traffic.seed());
    assertEquals(50_000, traffic.links());
    assertEquals(4, traffic.producers());
    assertEquals(Duration.ofMinutes(4), traffic.producerSkew());
    assertEquals(0.01, traffic.lateShare());
    assertEquals(0.7, traffic.oneClickShare());
    assertEquals(ZoneOffset.ofHours(2), traffic.zone());
    assertEquals("demo", options.scenario());
    assertEquals(null, options.linksTopic(), "no link events unless asked for");
    assertFalse(options.model(0).linkEvents());
  }

  @Test
  void linksTopicTurnsLinkEventsOn() {
    TrafficRun.Options options =
        GenerateTraffic.parse("--bootstrap h:1 --backlog 2h --links-topic links".split(" "));
    assertEquals("links", options.linksTopic());
    assertTrue(options.model(0).linkEvents());
  }

  @Test
  void conversionsTopicIsOffUnlessGiven() {
    assertEquals(null, GenerateTraffic.parse("--bootstrap h:1".split(" ")).conversionsTopic());
    assertEquals(
        "conversions",
        GenerateTraffic.parse("--bootstrap h:1 --conversions-topic conversions".split(" "))
            .conversionsTopic());
  }
}
