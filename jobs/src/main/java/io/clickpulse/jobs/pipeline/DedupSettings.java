package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;
import java.time.Duration;

/**
 * Deduplication (key {@code dedup.ttl}).
 *
 * @param ttl how long an event id is remembered
 */
public record DedupSettings(Duration ttl) implements Serializable {
  public static DedupSettings from(Settings s) {
    return new DedupSettings(s.duration("dedup.ttl", Duration.ofHours(24)));
  }
}
