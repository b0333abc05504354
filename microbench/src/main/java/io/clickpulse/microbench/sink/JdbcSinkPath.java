package io.clickpulse.microbench.sink;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.clickhouse.ClicksTable;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * The pipeline's path: clickhouse-jdbc with {@link ClicksTable#INSERT} and its statement builder,
 * batched as flink-connector-jdbc's writer does (bind + addBatch per row, executeBatch per batch).
 * With {@code rowBinary}, the driver's {@value #ROW_BINARY} setting makes it send the batch as
 * RowBinary instead of one multi-row VALUES statement.
 */
final class JdbcSinkPath implements SinkPath {
  static final String ROW_BINARY = "beta.row_binary_for_simple_insert";

  private final String name;
  private final int batchSize;
  private final Connection connection;

  JdbcSinkPath(String jdbcUrl, boolean rowBinary, int batchSize) throws Exception {
    this.name =
        rowBinary
            ? "clickhouse-jdbc, " + ROW_BINARY + "=true"
            : "clickhouse-jdbc (as the pipeline)";
    this.batchSize = batchSize;
    this.connection =
        ClickHouseJdbc.connect(
            jdbcUrl + (rowBinary ? "?" + ROW_BINARY + "=true" : ""), "default", "");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int batchSize() {
    return batchSize;
  }

  @Override
  public void insert(List<EnrichedClick> rows) throws Exception {
    try (PreparedStatement ps = connection.prepareStatement(ClicksTable.INSERT)) {
      int pending = 0;
      for (EnrichedClick row : rows) {
        ClicksTable.STATEMENT_BUILDER.accept(ps, row);
        ps.addBatch();
        if (++pending == batchSize) {
          ps.executeBatch();
          pending = 0;
        }
      }
      if (pending > 0) {
        ps.executeBatch();
      }
    }
  }

  @Override
  public void close() throws Exception {
    connection.close();
  }
}
