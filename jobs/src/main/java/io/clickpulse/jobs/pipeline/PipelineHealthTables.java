package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;

/** The INSERTs into {@code dead_letters} and {@code duplicate_clicks}. */
public final class PipelineHealthTables {
  public static final String INSERT_DEAD_LETTER =
      "INSERT INTO dead_letters (rejected_at, reason, detail, topic, partition, offset, event_id)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?)";

  public static final JdbcStatementBuilder<DeadLetter> DEAD_LETTER_STATEMENT_BUILDER =
      (ps, d) -> {
        // The record's Kafka time when known, so that a replay writes the same row.
        ClickHouseJdbc.setInstant(
            ps, 1, d.recordTimestamp >= 0 ? d.recordTimestamp : System.currentTimeMillis());
        ps.setString(2, d.reason);
        ps.setString(3, d.detail == null ? "" : d.detail);
        ps.setString(4, d.topic == null ? "" : d.topic);
        ps.setInt(5, d.partition);
        ps.setLong(6, d.offset);
        ps.setString(7, d.eventId == null ? "" : d.eventId);
      };

  public static final String INSERT_DUPLICATE =
      "INSERT INTO duplicate_clicks (event_time, event_id, partition, offset) VALUES (?, ?, ?, ?)";

  public static final JdbcStatementBuilder<DuplicateClick> DUPLICATE_STATEMENT_BUILDER =
      (ps, d) -> {
        ClickHouseJdbc.setInstant(ps, 1, d.eventTime);
        ps.setString(2, d.eventId);
        ps.setInt(3, d.partition);
        ps.setLong(4, d.offset);
      };

  private PipelineHealthTables() {}
}
