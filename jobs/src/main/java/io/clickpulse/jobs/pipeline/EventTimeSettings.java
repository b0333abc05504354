package io.clickpulse.jobs.pipeline;

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
 */
public record EventTimeSettings(
    Duration outOfOrderness, Duration allowedLateness, Duration idleTimeout, Duration maxClockLead)
    implements Serializable {}
