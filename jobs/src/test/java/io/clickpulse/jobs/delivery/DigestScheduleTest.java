package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Send times in a route's zone, DST included; the digest: block's checks; periods. */
class DigestScheduleTest {

  private static DigestSchedule schedule(String zone, String times) {
    return new DigestSchedule(
        "route-0",
        Arrays.stream(times.split(" ")).map(LocalTime::parse).toList(),
        ZoneId.of(zone),
        List.of("d"));
  }

  @ParameterizedTest(name = "{0} at {1}: next after {2} is {3}")
  @CsvSource({
    // winter Berlin is UTC+1: 09:00 is 08:00Z; strictly after
    "Europe/Berlin,    09:00,       2026-12-05T07:59:59Z, 2026-12-05T08:00:00Z",
    "Europe/Berlin,    09:00,       2026-12-05T08:00:00Z, 2026-12-06T08:00:00Z",
    // spring forward (2026-03-29): 09:00 CEST is 07:00Z, 23 h after the day before
    "Europe/Berlin,    09:00,       2026-03-28T08:00:00Z, 2026-03-29T07:00:00Z",
    // fall back (2026-10-25): 09:00 CET is 08:00Z, 25 h after the day before
    "Europe/Berlin,    09:00,       2026-10-24T07:00:00Z, 2026-10-25T08:00:00Z",
    // 02:30 does not exist on 2026-03-29: sent at 03:30 CEST (01:30Z)
    "Europe/Berlin,    02:30,       2026-03-28T01:30:00Z, 2026-03-29T01:30:00Z",
    // 02:30 happens twice on 2026-10-25: the first (CEST, 00:30Z) only, then the next day
    "Europe/Berlin,    02:30,       2026-10-24T00:30:00Z, 2026-10-25T00:30:00Z",
    "Europe/Berlin,    02:30,       2026-10-25T00:30:00Z, 2026-10-26T01:30:00Z",
    // twice daily
    "Europe/Berlin,    09:00 17:00, 2026-12-05T08:00:00Z, 2026-12-05T16:00:00Z",
    "Europe/Berlin,    17:00 09:00, 2026-12-05T16:00:00Z, 2026-12-06T08:00:00Z",
    // US DST starts 2026-03-08: 09:00 EST 14:00Z, then 09:00 EDT 13:00Z
    "America/New_York, 09:00,       2026-03-07T14:00:00Z, 2026-03-08T13:00:00Z",
    // a half-hour zone (+05:30)
    "Asia/Kolkata,     09:00,       2026-12-05T00:00:00Z, 2026-12-05T03:30:00Z",
    // the local day differs from the UTC day (UTC-10)
    "Pacific/Honolulu, 20:00,       2026-12-05T07:00:00Z, 2026-12-06T06:00:00Z",
    "UTC,              00:00,       2026-12-31T00:00:00Z, 2027-01-01T00:00:00Z",
  })
  void nextSendTime(String zone, String times, Instant after, Instant expected) {
    assertEquals(expected, schedule(zone, times).next(after));
  }

  @ParameterizedTest(name = "{0} at {1}: latest at or before {2} is {3}")
  @CsvSource({
    "Europe/Berlin, 09:00,       2026-12-05T08:00:00Z, 2026-12-05T08:00:00Z",
    "Europe/Berlin, 09:00,       2026-12-05T07:59:59Z, 2026-12-04T08:00:00Z",
    "Europe/Berlin, 09:00 17:00, 2026-12-05T23:00:00Z, 2026-12-05T16:00:00Z",
    // the second 02:30 of 2026-10-25 (01:30Z) is no send time
    "Europe/Berlin, 02:30,       2026-10-25T01:45:00Z, 2026-10-25T00:30:00Z",
    "Europe/Berlin, 02:30,       2026-03-29T01:29:00Z, 2026-03-28T01:30:00Z",
  })
  void latestSendTime(String zone, String times, Instant t, Instant expected) {
    assertEquals(expected, schedule(zone, times).latestAtOrBefore(t));
  }

  @ParameterizedTest(name = "{0} at {1}: the period ending {2} is {3} h")
  @CsvSource({
    "Europe/Berlin, 09:00,       2026-12-06T08:00:00Z, 24",
    "Europe/Berlin, 09:00,       2026-03-29T07:00:00Z, 23",
    "Europe/Berlin, 09:00,       2026-10-25T08:00:00Z, 25",
    "Europe/Berlin, 09:00 17:00, 2026-12-05T16:00:00Z, 8",
    "Europe/Berlin, 09:00 17:00, 2026-12-06T08:00:00Z, 16",
  })
  void periodRunsFromThePreviousSendTime(String zone, String times, Instant end, long hours) {
    DigestPeriod p = schedule(zone, times).periodEndingAt(end);
    assertEquals(end, p.end());
    assertEquals(Duration.ofHours(hours), Duration.between(p.start(), p.end()));
  }

  @Test
  void periodsAreNamedForPeopleAndIdsStayHeaderSafe() {
    DigestPeriod day = DigestPeriod.utcDay(LocalDate.parse("2026-11-21"));
    assertEquals("2026-11-21", day.label());
    assertEquals("2026-11-21", day.id());
    DigestPeriod berlin =
        schedule("Europe/Berlin", "09:00").periodEndingAt(Instant.parse("2026-12-06T08:00:00Z"));
    assertEquals("2026-12-05 09:00 to 2026-12-06 09:00 (Europe/Berlin)", berlin.label());
    assertEquals("2026-12-06T0800Z", berlin.id());
    assertEquals(
        "digest.ops.route-0.2026-12-06T0800Z", DigestSends.webhookId("ops", "route-0", berlin));
    assertEquals(Instant.parse("2026-12-04T08:00:00Z"), berlin.previous().start());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{ schedule: daily, at: '9am' }    | routes[0].digest.at: '9am' is not a time of day like 09:00",
        "{ at: '24:00' }                   | routes[0].digest.at: '24:00' is not a time of day",
        "{ time-zone: Mars/Olympus }       | routes[0].digest.time-zone: unknown time zone 'Mars/Olympus'",
        "{ time-zone: CEST }               | routes[0].digest.time-zone: unknown time zone 'CEST'",
        "{ schedule: weekly }              | routes[0].digest.schedule must be daily or twice-daily, was 'weekly'",
        "{ schedule: twice-daily, at: '09:00' } | routes[0].digest.at: a twice-daily digest takes 2 different times",
        "{ schedule: twice-daily, at: ['09:00', '09:00'] } | takes 2 different times",
        "{ schedule: daily, at: ['09:00', '17:00'] } | routes[0].digest.at: a daily digest takes 1 time",
      })
  void badDigestBlocksAreNamedByKey(String block, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config("digest: " + block));
    assertTrue(e.getMessage().contains(message.strip()), e.getMessage());
  }

  @Test
  void routesWithADigestGetASchedulePerRouteForTheirDigestDestinations() {
    DeliveryConfig c =
        config(
            "digest: { schedule: twice-daily, at: ['17:00', '08:30'], time-zone: America/New_York }");
    Map<String, DigestSchedule> schedules = c.digestSchedules();
    assertEquals(List.of("route-0"), List.copyOf(schedules.keySet()), "route-1 has no digest");
    DigestSchedule s = schedules.get("route-0");
    assertEquals(List.of(LocalTime.of(8, 30), LocalTime.of(17, 0)), s.times());
    assertEquals(ZoneId.of("America/New_York"), s.zone());
    assertEquals(List.of("ops"), s.destinations(), "quiet has digest: false");
    DigestSchedule defaults = config("digest: {}").digestSchedules().get("route-0");
    assertEquals(List.of(LocalTime.of(9, 0)), defaults.times());
    assertEquals(ZoneId.of("UTC"), defaults.zone());
    assertEquals(
        List.of(LocalTime.of(9, 0), LocalTime.of(17, 0)),
        config("digest: { schedule: twice-daily }").digestSchedules().get("route-0").times());
    assertTrue(config("group-wait: '1 s'").digestSchedules().isEmpty());
  }

  private static DeliveryConfig config(String routeExtra) {
    String yaml =
        "destinations:\n"
            + "  ops: { type: slack, url: 'http://127.0.0.1:9/ops' }\n"
            + "  quiet: { type: slack, url: 'http://127.0.0.1:9/quiet', digest: false }\n"
            + "routes:\n"
            + "  - { to: [ops, quiet], "
            + routeExtra
            + " }\n"
            + "  - { to: [ops] }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", k -> null);
  }

  @Test
  void conversionLinesCountRateAndMoney() {
    assertEquals("12 conversions from 400 human clicks (3.0 %)", Digest.conversionSummary(12, 400));
    assertEquals("1 conversion, no human clicks", Digest.conversionSummary(1, 0));
    assertEquals("0 conversions from 7 human clicks (0.0 %)", Digest.conversionSummary(0, 7));
    assertEquals("120.50", Digest.money("120.5"));
    assertEquals("120.50", Digest.money("120.5000"));
    assertEquals("0.00", Digest.money("0"));
    assertEquals("1.2345", Digest.money("1.2345"));
    assertEquals("1000.00", Digest.money("1E+3"));
  }
}
