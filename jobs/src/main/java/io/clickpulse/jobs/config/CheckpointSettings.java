package io.clickpulse.jobs.config;

import io.clickpulse.jobs.settings.Settings;
import java.time.Duration;

/**
 * Checkpoints and savepoints (keys {@code checkpoint.*}, {@code savepoint.dir}).
 *
 * @param interval also the latency of rows reaching ClickHouse
 * @param dir durable checkpoint storage; null: the cluster's
 * @param savepointDir default target of savepoints; null: the cluster's
 */
public record CheckpointSettings(Duration interval, String dir, String savepointDir) {
  public static CheckpointSettings from(Settings s) {
    return new CheckpointSettings(
        s.duration("checkpoint.interval", Duration.ofSeconds(10)),
        s.string("checkpoint.dir", null),
        s.string("savepoint.dir", null));
  }
}
