package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * How the pipeline reads event time (docs/events.md, "Event time").
 *
 * @param outOfOrderness how far events may arrive out of order without being late
 * @param allowedLateness how long after a minute closes late events still correct it; later ones go
 *     to {@code late_clicks}
 * @param idleTimeout after this long without events a partition stops holding back the watermark
 * @param maxClockLead how far an event may be ahead of its partition's recent event times and still
 *     advance the watermark
 * @param linksIdleTimeout as {@code idleTimeout}, for the links topic (docs/links.md): quiet by
 *     nature, so a demo in compressed time wants it shorter than the clicks'
 */
public record EventTimeSettings(
    Duration outOfOrderness,
    Duration allowedLateness,
    Duration idleTimeout,
    Duration maxClockLead,
    Duration linksIdleTimeout)
    implements Serializable {

  /** The links topic goes idle as the clicks do. */
  public EventTimeSettings(
      Duration outOfOrderness,
      Duration allowedLateness,
      Duration idleTimeout,
      Duration maxClockLead) {
    this(outOfOrderness, allowedLateness, idleTimeout, maxClockLead, idleTimeout);
  }

  /**
   * Reads the {@code aggregate.*} keys. The clock lead must be below the out-of-orderness: an event
   * that far ahead moves the watermark (docs/events.md, "Clocks that run fast"), which would then
   * pass the clicks the others send on time.
   */
  public static EventTimeSettings from(Settings s) {
    Duration idleTimeout = s.duration("aggregate.idle-timeout", Duration.ofMinutes(1));
    Duration outOfOrderness = s.duration("aggregate.out-of-orderness", Duration.ofSeconds(30));
    Duration maxClockLead = s.duration("aggregate.max-clock-lead", Duration.ofSeconds(20));
    if (maxClockLead.compareTo(outOfOrderness) >= 0) {
      s.problem(
          "'aggregate.max-clock-lead' ("
              + inSeconds(maxClockLead)
              + ") must be less than 'aggregate.out-of-orderness' ("
              + inSeconds(outOfOrderness)
              + "): an event that far ahead of its partition moves the watermark past the clicks"
              + " others send on time");
    }
    return new EventTimeSettings(
        outOfOrderness,
        s.duration("aggregate.allowed-lateness", Duration.ofMinutes(5)),
        idleTimeout,
        maxClockLead,
        s.duration("aggregate.links-idle-timeout", idleTimeout));
  }

  private static String inSeconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }
}
