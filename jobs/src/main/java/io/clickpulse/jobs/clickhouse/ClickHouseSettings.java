package io.clickpulse.jobs.clickhouse;

import java.io.Serializable;
import java.time.Duration;

/**
 * Where and how a job writes to ClickHouse.
 *
 * @param url {@code jdbc:clickhouse://host:8123/database}
 * @param batchSize rows per INSERT
 * @param batchInterval a partial batch is flushed after this long
 * @param maxRetries retries of a failed batch before the job fails over
 * @param applyMigrations whether the job applies the bundled migrations on start
 */
public record ClickHouseSettings(
    String url,
    String user,
    String password,
    int batchSize,
    Duration batchInterval,
    int maxRetries,
    boolean applyMigrations)
    implements Serializable {

  /** The same target with other batching (small tables flushed often). */
  public ClickHouseSettings withBatches(int batchSize, Duration batchInterval) {
    return new ClickHouseSettings(
        url, user, password, batchSize, batchInterval, maxRetries, applyMigrations);
  }

  /** The database named in the URL. */
  public String database() {
    String afterHost = url.substring(url.indexOf("//") + 2);
    String path = afterHost.substring(afterHost.indexOf('/') + 1);
    int query = path.indexOf('?');
    return query >= 0 ? path.substring(0, query) : path;
  }

  /** The password masked: this is what gets logged. */
  @Override
  public String toString() {
    return url + " as " + user + ", batch=" + batchSize + "/" + batchInterval;
  }
}
