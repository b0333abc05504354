package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.settings.Secret;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * ClickHouse sinks through flink-connector-jdbc. At-least-once: the writer flushes its batch on
 * every checkpoint, and the tables' ReplacingMergeTree engines absorb the rows a replay writes
 * twice, which together give exact counts, as long as a replay writes the same keys; where it may
 * not, {@link #committedOnCheckpoint}. Each sink is a {@link FailoverSafeJdbcSink}: a ClickHouse
 * outage fails and restarts the job, never the TaskManager.
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
            .buildAtLeastOnce(connection(target)));
  }

  /**
   * A sink writing only what completed checkpoints hold ({@link CommittedJdbcSink}): for tables
   * whose rows a replay may write under other keys. Batches of {@code batchSize} rows, {@code
   * maxRetries} retries; {@code batchInterval} does not apply (rows wait for the checkpoint).
   */
  public static <T> CommittedJdbcSink<T> committedOnCheckpoint(
      ClickHouseSettings target,
      String insert,
      JdbcStatementBuilder<T> statementBuilder,
      Class<T> rowType) {
    return new CommittedJdbcSink<>(
        connection(target),
        insert,
        statementBuilder,
        TypeInformation.of(rowType).createSerializer(new SerializerConfigImpl()),
        target.batchSize(),
        target.maxRetries());
  }

  /** Where {@code target} points, its password read where the connection is made. */
  private static JdbcConnectionOptions connection(ClickHouseSettings target) {
    return new SecretPasswordOptions(
        connectionOptions(target.url(), target.user(), null), target.passwordSecret());
  }

  /**
   * How every sink connects: {@link ClickHouseJdbc#SINK_INSERTS}, which {@code url} parameters
   * override (the driver lets them win), e.g. {@code ?beta.row_binary_for_simple_insert=false}.
   */
  public static JdbcConnectionOptions connectionOptions(String url, String user, String password) {
    JdbcConnectionOptions.JdbcConnectionOptionsBuilder options =
        new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
            .withUrl(url)
            .withDriverName(DRIVER)
            .withUsername(user)
            .withConnectionCheckTimeoutSeconds(10);
    ClickHouseJdbc.SINK_INSERTS.forEach(options::withProperty);
    return password == null ? options.build() : options.withPassword(password).build();
  }

  /**
   * Connection options whose password is read where the connection is made (on the TaskManager), so
   * the job graph holds only where it is ({@link Secret}).
   */
  static final class SecretPasswordOptions extends JdbcConnectionOptions {
    private final Secret password;

    SecretPasswordOptions(JdbcConnectionOptions options, Secret password) {
      super(
          options.getDbURL(),
          options.getDriverName(),
          options.getConnectionCheckTimeoutSeconds(),
          options.getProperties());
      this.password = password;
    }

    @Override
    public Optional<String> getPassword() {
      return Optional.of(password.reveal());
    }

    @Override
    public Properties getProperties() {
      Properties properties = new Properties();
      properties.putAll(super.getProperties());
      properties.setProperty(PASSWORD_KEY, password.reveal());
      return properties;
    }
  }
}
