package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.jobs.settings.Settings;
import java.io.Serializable;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Where and how a job writes to ClickHouse.
 *
 * @param url {@code jdbc:clickhouse://host:8123/database}
 * @param passwordSecret where the password is: the sinks read it on the TaskManagers
 * @param batchSize rows per INSERT
 * @param batchInterval a partial batch is flushed after this long
 * @param maxRetries retries of a failed batch before the job fails over
 * @param applyMigrations whether the job applies the bundled migrations on start
 */
public record ClickHouseSettings(
    String url,
    String user,
    Secret passwordSecret,
    int batchSize,
    Duration batchInterval,
    int maxRetries,
    boolean applyMigrations)
    implements Serializable {
  private static final Pattern URL =
      Pattern.compile("jdbc:(clickhouse|ch)(:https?)?://[^/:]+:\\d{1,5}/[A-Za-z0-9_]+(\\?.*)?");

  /** Reads every {@code clickhouse.*} key: a job writing large batches. */
  public static ClickHouseSettings from(Settings s) {
    return new ClickHouseSettings(
        url(s),
        s.string("clickhouse.user", "default"),
        s.secret("clickhouse.password", ""),
        s.integer("clickhouse.batch-size", 10_000, 1, 1_000_000),
        s.duration("clickhouse.batch-interval", Duration.ofSeconds(2)),
        s.integer("clickhouse.max-retries", 5, 0, 100),
        s.bool("clickhouse.apply-migrations", true));
  }

  /**
   * Reads only the connection ({@code clickhouse.url}, {@code .user}, {@code .password}): the
   * delivery job and the command-line tools, which write few rows, flushed every second.
   */
  public static ClickHouseSettings connection(Settings s) {
    return new ClickHouseSettings(
        url(s),
        s.string("clickhouse.user", "default"),
        s.secret("clickhouse.password", ""),
        1000,
        Duration.ofSeconds(1),
        5,
        true);
  }

  private static String url(Settings s) {
    String value = s.required("clickhouse.url");
    if (value != null && !URL.matcher(value).matches()) {
      s.problem(
          "'clickhouse.url' must look like jdbc:clickhouse://host:8123/database, got '"
              + value
              + "'");
    }
    return value;
  }

  /** The same connection; whether the job applies the migrations on start. */
  public ClickHouseSettings withApplyMigrations(boolean apply) {
    return new ClickHouseSettings(
        url, user, passwordSecret, batchSize, batchInterval, maxRetries, apply);
  }

  /** The password, read now (commands and the job's start; the sinks read it where they run). */
  public String password() {
    return passwordSecret.reveal();
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
