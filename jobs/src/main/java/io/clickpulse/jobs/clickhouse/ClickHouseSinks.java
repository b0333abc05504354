package io.clickpulse.jobs.clickhouse;

import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * ClickHouse sinks through flink-connector-jdbc. At-least-once: the writer flushes its batch on
 * every checkpoint, and the tables' ReplacingMergeTree engines absorb the rows a replay writes
 * twice, which together give exact counts. Each sink is a {@link FailoverSafeJdbcSink}: a
 * ClickHouse outage fails and restarts the job, never the TaskManager.
 *
 * <p>Batches go as RowBinary ({@link ClickHouseJdbc#ROW_BINARY_INSERTS}): 1.2-1.5x the rows/s of
 * the driver's VALUES text into {@code clicks} (microbench), the same stored rows (see
 * ClickHouseTablesITCase). What a batch holds and when it is flushed do not change.
 */
public final class ClickHouseSinks {
  public static final String DRIVER = "com.clickhouse.jdbc.Driver";

  private ClickHouseSinks() {}

  /** A sink running {@code insert} for batches of rows bound by {@code statementBuilder}. */
  public static <T> FailoverSafeJdbcSink<T> sink(
      ClickHouseSettings target, String insert, JdbcStatementBuilder<T> statementBuilder) {
    return new FailoverSafeJdbcSink<>(
        JdbcSink.<T>builder()
            .withQueryStatement(insert, statementBuilder)
            .withExecutionOptions(
                JdbcExecutionOptions.builder()
                    .withBatchSize(target.batchSize())
                    .withBatchIntervalMs(target.batchInterval().toMillis())
                    .withMaxRetries(target.maxRetries())
                    .build())
            .buildAtLeastOnce(connectionOptions(target.url(), target.user(), target.password())));
  }

  /**
   * How every sink connects: RowBinary inserts on, unless {@code url} says {@code
   * ?beta.row_binary_for_simple_insert=false} (the driver lets URL parameters win).
   */
  public static JdbcConnectionOptions connectionOptions(String url, String user, String password) {
    return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
        .withUrl(url)
        .withDriverName(DRIVER)
        .withUsername(user)
        .withPassword(password)
        .withProperty(ClickHouseJdbc.ROW_BINARY_INSERTS, "true")
        .withConnectionCheckTimeoutSeconds(10)
        .build();
  }
}
