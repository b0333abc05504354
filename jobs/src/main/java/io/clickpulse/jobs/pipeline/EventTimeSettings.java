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

  /** Reads the {@code aggregate.*} keys. */
  public static EventTimeSettings from(Settings s) {
    Duration idleTimeout = s.duration("aggregate.idle-timeout", Duration.ofMinutes(1));
    return new EventTimeSettings(
        s.duration("aggregate.out-of-orderness", Duration.ofSeconds(30)),
        s.duration("aggregate.allowed-lateness", Duration.ofMinutes(5)),
        idleTimeout,
        s.duration("aggregate.max-clock-lead", Duration.ofMinutes(1)),
        s.duration("aggregate.links-idle-timeout", idleTimeout));
  }
}
