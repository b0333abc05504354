package io.clickpulse.jobs.config;

import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;

/**
 * Checkpoints and savepoints (keys {@code checkpoint.*}, {@code savepoint.dir}).
 *
 * @param interval also the latency of rows reaching ClickHouse
 * @param minPause the least time from one checkpoint's completion to the next one's start (zero:
 *     none); under load it keeps checkpoints from running back to back
 * @param dir durable checkpoint storage; null: the cluster's
 * @param savepointDir default target of savepoints; null: the cluster's
 */
public record CheckpointSettings(
    Duration interval, Duration minPause, String dir, String savepointDir) {
  public static CheckpointSettings from(Settings s) {
    return new CheckpointSettings(
        s.duration("checkpoint.interval", Duration.ofSeconds(10)),
        s.duration("checkpoint.min-pause", Duration.ZERO),
        s.string("checkpoint.dir", null),
        s.string("savepoint.dir", null));
  }
}
