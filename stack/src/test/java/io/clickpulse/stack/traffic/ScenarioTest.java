package io.clickpulse.stack.traffic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScenarioTest {
  private static final long START = 1_790_000_000_000L;
  private static final long MINUTE = 60_000;
  private static final Duration THREE_HOURS = Duration.ofHours(3);

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

  @Test
  void demoPlantsEachIncidentAfterTheBaselinesHaveLearnedAndInsideTheRun() {
    Scenario demo = Scenario.named("demo", START, THREE_HOURS, 200, 7);
    List<PlantedIncident> incidents = demo.incidents();
    assertEquals(
        List.of("bot_burst", "bot_scan", "spike", "broken_redirect", "missing_utm"),
        incidents.stream().map(PlantedIncident::expectedRule).toList());
    for (PlantedIncident incident : incidents) {
      assertTrue(incident.from() >= START + 15 * MINUTE, incident.name() + " after warm-up");
      assertTrue(incident.to() < START + THREE_HOURS.toMillis(), incident.name() + " in the run");
      List<Long> times = incident.clicks().stream().map(PlantedIncident.Click::eventTime).toList();
      assertEquals(times.stream().sorted().toList(), times, incident.name() + " in time order");
    }
  }

  @Test
  void plantedClientPatternsComeFromOneClientAndTheSweepTouchesDistinctLinks() {
    var generator = new ClickTrafficGenerator(ClickTrafficGenerator.Options.CLEAN);
    Scenario demo = Scenario.named("demo", START, THREE_HOURS, 200, 7);
    PlantedIncident sweep = incident(demo, "bot_scan");
    List<ObjectNode> events = events(generator, sweep);
    assertEquals(1, distinct(events, "ip").size());
    assertEquals(sweep.clicks().size(), distinct(events, "link_id").size());
    assertTrue(sweep.to() - sweep.from() < 2000, "within the scan rule's 2 s");

    List<ObjectNode> untagged = events(generator, incident(demo, "missing_utm"));
    assertTrue(untagged.stream().noneMatch(e -> e.has("utm_source") || e.has("utm_campaign")));
    assertEquals(Set.of("cmp-partners"), distinct(untagged, "campaign_id"));
  }

  @Test
  void aBrokenLinkAnswersWithAnErrorOnlyWhileItIsBroken() {
    Scenario demo = Scenario.named("demo", START, THREE_HOURS, 200, 7);
    PlantedIncident broken = incident(demo, "broken_redirect");
    for (long t :
        new long[] {broken.from() - MINUTE, broken.from(), broken.to(), broken.to() + 2 * MINUTE}) {
      ObjectNode event = new ObjectMapper().createObjectNode();
      event.put("event_time", t).put("link_id", broken.linkId()).put("redirect_status", 302);
      demo.adjust(event);
      boolean during = t >= broken.from() && t <= broken.to();
      assertEquals(during ? 502 : 302, event.get("redirect_status").asInt(), "at " + t);
    }
  }

  @Test
  void steadyPlantsNothingAndTheCurveStaysGentle() {
    Scenario steady = Scenario.named("steady", START, THREE_HOURS, 200, 7);
    assertTrue(steady.incidents().isEmpty());
    double biggestStep = 0;
    for (long t = START; t < START + THREE_HOURS.toMillis(); t += MINUTE) {
      biggestStep =
          Math.max(
              biggestStep, Math.abs(steady.rateMultiplier(t + MINUTE) - steady.rateMultiplier(t)));
    }
    // Baselines follow about an hour: a 2 % change per minute never looks like a spike or a drop.
    assertTrue(biggestStep < 0.02, "largest change per minute " + biggestStep);
  }

  @Test
  void refusesWhatCannotWorkWithAMessageSayingWhatToChange() {
    var tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> Scenario.named("demo", START, Duration.ofMinutes(20), 200, 7));
    assertTrue(tooShort.getMessage().contains("--duration or --speedup"), tooShort.getMessage());
    var unknown =
        assertThrows(
            IllegalArgumentException.class,
            () -> Scenario.named("chaos", START, THREE_HOURS, 200, 7));
    assertTrue(unknown.getMessage().contains("[demo, steady]"), unknown.getMessage());
  }

  private static PlantedIncident incident(Scenario scenario, String rule) {
    return scenario.incidents().stream()
        .filter(i -> i.expectedRule().equals(rule))
        .findFirst()
        .orElseThrow();
  }

  private static List<ObjectNode> events(
      ClickTrafficGenerator generator, PlantedIncident incident) {
    ObjectMapper json = new ObjectMapper();
    return incident.clicks().stream()
        .map(
            c -> {
              try {
                return (ObjectNode)
                    json.readTree(
                        generator
                            .plant(c.eventTime(), incident.campaignId(), c.linkNumber(), c.shape())
                            .value());
              } catch (java.io.IOException e) {
                throw new AssertionError(e);
              }
            })
        .toList();
  }

  private static Set<String> distinct(List<ObjectNode> events, String field) {
    return events.stream().map(e -> e.path(field).asText()).collect(Collectors.toSet());
  }
}
