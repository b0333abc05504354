package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.aggregate.MinuteAggregate;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.BotClient;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * ClickHouse sinks through flink-connector-jdbc. At-least-once: the writer flushes its batch on
 * every checkpoint, and the tables' ReplacingMergeTree engines absorb the rows a replay writes
 * twice, which together give exact counts.
 */
public final class ClickHouseSinks {
  public static final String DRIVER = "com.clickhouse.jdbc.Driver";

  private ClickHouseSinks() {}

  public static JdbcSink<EnrichedClick> clicks(ClickPipelineConfig config) {
    return sink(config, ClicksTable.INSERT, ClicksTable.STATEMENT_BUILDER);
  }

  public static JdbcSink<MinuteAggregate> minuteAggregates(ClickPipelineConfig config) {
    return sink(config, MinuteAggregatesTable.INSERT, MinuteAggregatesTable.STATEMENT_BUILDER);
  }

  public static JdbcSink<EnrichedClick> lateClicks(ClickPipelineConfig config) {
    return sink(config, LateClicksTable.INSERT, LateClicksTable.STATEMENT_BUILDER);
  }

  public static JdbcSink<Alert> alerts(ClickPipelineConfig config) {
    return sink(config, AlertsTable.INSERT, AlertsTable.STATEMENT_BUILDER);
  }

  public static JdbcSink<BotClient> botClients(ClickPipelineConfig config) {
    return sink(config, AlertsTable.INSERT_BOT_CLIENT, AlertsTable.BOT_CLIENT_STATEMENT_BUILDER);
  }

  private static <T> JdbcSink<T> sink(
      ClickPipelineConfig config, String insert, JdbcStatementBuilder<T> statementBuilder) {
    return JdbcSink.<T>builder()
        .withQueryStatement(insert, statementBuilder)
        .withExecutionOptions(executionOptions(config))
        .buildAtLeastOnce(connectionOptions(config));
  }

  static JdbcExecutionOptions executionOptions(ClickPipelineConfig config) {
    return JdbcExecutionOptions.builder()
        .withBatchSize(config.clickhouseBatchSize())
        .withBatchIntervalMs(config.clickhouseBatchInterval().toMillis())
        .withMaxRetries(config.clickhouseMaxRetries())
        .build();
  }

  static JdbcConnectionOptions connectionOptions(ClickPipelineConfig config) {
    return new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
        .withUrl(config.clickhouseUrl())
        .withDriverName(DRIVER)
        .withUsername(config.clickhouseUser())
        .withPassword(config.clickhousePassword())
        .withConnectionCheckTimeoutSeconds(10)
        .build();
  }
}
