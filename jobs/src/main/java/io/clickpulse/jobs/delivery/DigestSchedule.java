package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When a route's digest goes out: at fixed local times of day in the route's time zone (see
 * docs/delivery.md "Digest on a schedule"). Each send reports the period since the previous send
 * time. Pure: no Flink, no clock.
 *
 * <p>DST: a local time the clocks skip (02:30 on a spring-forward day) is sent at the same distance
 * after the gap (03:30), a local time that happens twice (an autumn 02:30) is sent at its first
 * occurrence only, as {@link ZonedDateTime#of} resolves them. So every local day has each send
 * once, and a period spans 23 or 25 hours across a change.
 *
 * @param route the route's key, {@code route-<index in the file>}
 * @param times the local send times, sorted, distinct
 * @param destinations the route's destinations that take the digest ({@code digest: true})
 */
public record DigestSchedule(
    String route, List<LocalTime> times, ZoneId zone, List<String> destinations)
    implements Serializable {

  private static final DateTimeFormatter HH_MM =
      DateTimeFormatter.ofPattern("HH:mm").withResolverStyle(ResolverStyle.STRICT);

  /** A route's {@code digest:} block as written in the YAML. */
  public static class Spec implements Serializable {
    /** {@code daily} (one time) or {@code twice-daily} (two). */
    public String schedule = "daily";

    /** Local times {@code HH:mm}; one string or a list. Default 09:00, or 09:00 and 17:00. */
    @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
    public List<String> at;

    /** An IANA zone id such as {@code Europe/Berlin}. */
    public String timeZone = "UTC";
  }

  public DigestSchedule {
    times = times.stream().distinct().sorted().toList();
    destinations = List.copyOf(destinations);
  }

  /** The first send time strictly after {@code t}. */
  public Instant next(Instant t) {
    LocalDate day = t.atZone(zone).toLocalDate().minusDays(1);
    Instant best = null;
    for (int d = 0; d < 3; d++) {
      for (LocalTime time : times) {
        Instant candidate = ZonedDateTime.of(day.plusDays(d), time, zone).toInstant();
        if (candidate.isAfter(t) && (best == null || candidate.isBefore(best))) {
          best = candidate;
        }
      }
    }
    return best;
  }

  /** The last send time at or before {@code t}. */
  public Instant latestAtOrBefore(Instant t) {
    LocalDate day = t.atZone(zone).toLocalDate().plusDays(1);
    Instant best = null;
    for (int d = 0; d < 3; d++) {
      for (LocalTime time : times) {
        Instant candidate = ZonedDateTime.of(day.minusDays(d), time, zone).toInstant();
        if (!candidate.isAfter(t) && (best == null || candidate.isAfter(best))) {
          best = candidate;
        }
      }
    }
    return best;
  }

  /** The period a send at {@code sendTime} reports: from the send time before it. */
  public DigestPeriod periodEndingAt(Instant sendTime) {
    return new DigestPeriod(latestAtOrBefore(sendTime.minusMillis(1)), sendTime, zone);
  }

  /**
   * Checks a route's {@code digest:} block; every problem names its key ({@code
   * routes[0].digest.at} ...). {@code spec} may be null (no schedule).
   */
  static void check(String key, Spec spec, List<String> problems) {
    if (spec == null) {
      return;
    }
    times(key, spec, problems);
    zone(key, spec, problems);
  }

  private static List<LocalTime> times(String key, Spec spec, List<String> problems) {
    int expected;
    List<String> at = spec.at;
    if ("daily".equals(spec.schedule)) {
      expected = 1;
      at = at == null ? List.of("09:00") : at;
    } else if ("twice-daily".equals(spec.schedule)) {
      expected = 2;
      at = at == null ? List.of("09:00", "17:00") : at;
    } else {
      problems.add(key + ".schedule must be daily or twice-daily, was '" + spec.schedule + "'");
      return List.of();
    }
    List<LocalTime> times = new ArrayList<>();
    for (String s : at) {
      try {
        times.add(LocalTime.parse(s == null ? "" : s.strip(), HH_MM));
      } catch (DateTimeParseException e) {
        problems.add(key + ".at: '" + s + "' is not a time of day like 09:00 (24-hour HH:mm)");
      }
    }
    if (times.size() == at.size() && times.stream().distinct().count() != expected) {
      problems.add(
          key
              + ".at: a "
              + spec.schedule
              + " digest takes "
              + expected
              + (expected == 1 ? " time" : " different times")
              + ", was "
              + at);
    }
    return times;
  }

  private static ZoneId zone(String key, Spec spec, List<String> problems) {
    try {
      return ZoneId.of(spec.timeZone == null ? "" : spec.timeZone.strip());
    } catch (DateTimeException e) {
      problems.add(
          key
              + ".time-zone: unknown time zone '"
              + spec.timeZone
              + "' (an IANA id like Europe/Berlin, or UTC)");
      return null;
    }
  }

  /**
   * The schedules of the routes with a {@code digest:} block, by route key. Call on a checked file
   * only. A route whose destinations all have {@code digest: false} has none.
   */
  static Map<String, DigestSchedule> of(
      List<DeliveryConfig.Route> routes, Map<String, DeliveryConfig.Destination> destinations) {
    Map<String, DigestSchedule> schedules = new LinkedHashMap<>();
    for (int i = 0; i < routes.size(); i++) {
      Spec spec = routes.get(i).digest;
      if (spec == null) {
        continue;
      }
      List<String> problems = new ArrayList<>();
      List<String> to =
          routes.get(i).to.stream()
              .filter(d -> destinations.containsKey(d) && destinations.get(d).digest)
              .toList();
      String route = "route-" + i;
      List<LocalTime> times = times(route, spec, problems);
      ZoneId zone = zone(route, spec, problems);
      if (!problems.isEmpty()) {
        throw new IllegalArgumentException(String.join("; ", problems));
      }
      if (!to.isEmpty()) {
        schedules.put(route, new DigestSchedule(route, times, zone, to));
      }
    }
    return schedules;
  }
}
