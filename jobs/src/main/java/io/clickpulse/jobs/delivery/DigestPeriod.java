package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The span a digest reports, {@code [start, end)}, and the zone it is shown in. The one-off {@code
 * digest} command reports a UTC day; a scheduled digest the time since the route's previous send.
 */
public record DigestPeriod(Instant start, Instant end, ZoneId zone) implements Serializable {
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");
  private static final DateTimeFormatter ID =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HHmm'Z'").withZone(ZoneOffset.UTC);

  /** A UTC calendar day, as the {@code digest} command sends. */
  public static DigestPeriod utcDay(LocalDate day) {
    return new DigestPeriod(
        day.atStartOfDay(ZoneOffset.UTC).toInstant(),
        day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
        ZoneOffset.UTC);
  }

  /** Whether this is exactly one UTC day (the command's digest). */
  public boolean isUtcDay() {
    return zone.equals(ZoneOffset.UTC)
        && start.atOffset(ZoneOffset.UTC).toLocalTime().toSecondOfDay() == 0
        && end.equals(start.plusSeconds(86_400));
  }

  /** For people: {@code 2026-11-21} for a UTC day, else local start and end with the zone. */
  public String label() {
    if (isUtcDay()) {
      return start.atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
    return LOCAL.format(start.atZone(zone))
        + " to "
        + LOCAL.format(end.atZone(zone))
        + " ("
        + zone.getId()
        + ")";
  }

  /**
   * For webhook ids: the day for a UTC day (the command's ids stay as they were), else the end in
   * UTC ({@code 2026-12-06T0800Z}); dot-atom characters only, as a Message-ID needs.
   */
  public String id() {
    return isUtcDay() ? label() : ID.format(end);
  }

  /** The period of the same length just before this one: the growth section's comparison. */
  public DigestPeriod previous() {
    return new DigestPeriod(
        start.minusMillis(end.toEpochMilli() - start.toEpochMilli()), start, zone);
  }
}
