package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.aggregate.MinuteClick;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.delivery.DeliveryAttempt;
import io.clickpulse.jobs.pipeline.DeadLetter;
import io.clickpulse.jobs.pipeline.DuplicateClick;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
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
 * ClickHouseTablesTest). What a batch holds and when it is flushed do not change.
 */
public final class ClickHouseSinks {
  public static final String DRIVER = "com.clickhouse.jdbc.Driver";

  private ClickHouseSinks() {}

  public static FailoverSafeJdbcSink<EnrichedClick> clicks(ClickPipelineConfig config) {
    return sink(config, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<MinuteAggregate> minuteAggregates(ClickPipelineConfig config) {
    return sink(config, MinuteAggregatesTable.INSERT, MinuteAggregatesTable.STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<MinuteClick> lateClicks(ClickPipelineConfig config) {
    return sink(config, LateClicksTable.INSERT, LateClicksTable.STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<DeadLetter> deadLetters(ClickPipelineConfig config) {
    return sink(
        config,
        PipelineHealthTables.INSERT_DEAD_LETTER,
        PipelineHealthTables.DEAD_LETTER_STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<DuplicateClick> duplicates(ClickPipelineConfig config) {
    return sink(
        config,
        PipelineHealthTables.INSERT_DUPLICATE,
        PipelineHealthTables.DUPLICATE_STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<Alert> alerts(ClickPipelineConfig config) {
    return sink(config, AlertsTable.INSERT, AlertsTable.STATEMENT_BUILDER);
  }

  public static FailoverSafeJdbcSink<BotClient> botClients(ClickPipelineConfig config) {
    return sink(config, AlertsTable.INSERT_BOT_CLIENT, AlertsTable.BOT_CLIENT_STATEMENT_BUILDER);
  }

  /** Delivery attempts: small, so flushed every second rather than in big batches. */
  public static FailoverSafeJdbcSink<DeliveryAttempt> deliveries(
      String url, String user, String password) {
    return sink(
        new Target(url, user, password, 1000, Duration.ofSeconds(1), 5),
        DeliveriesTable.INSERT,
        DeliveriesTable.STATEMENT_BUILDER);
  }

  /** Where and how a sink writes. */
  record Target(
      String url,
      String user,
      String password,
      int batchSize,
      Duration batchInterval,
      int maxRetries)
      implements java.io.Serializable {
    static Target of(ClickPipelineConfig config) {
      return new Target(
          config.clickhouseUrl(),
          config.clickhouseUser(),
          config.clickhousePassword(),
          config.clickhouseBatchSize(),
          config.clickhouseBatchInterval(),
          config.clickhouseMaxRetries());
    }
  }

  private static <T> FailoverSafeJdbcSink<T> sink(
      ClickPipelineConfig config, String insert, JdbcStatementBuilder<T> statementBuilder) {
    return sink(Target.of(config), insert, statementBuilder);
  }

  private static <T> FailoverSafeJdbcSink<T> sink(
      Target target, String insert, JdbcStatementBuilder<T> statementBuilder) {
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
  static JdbcConnectionOptions connectionOptions(String url, String user, String password) {
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
