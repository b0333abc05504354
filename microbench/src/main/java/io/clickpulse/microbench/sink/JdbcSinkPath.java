package io.clickpulse.microbench.sink;

import io.clickpulse.jobs.clickhouse.ClickHouseJdbc;
import io.clickpulse.jobs.pipeline.ClicksTable;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

/**
 * clickhouse-jdbc with {@link ClicksTable#INSERT} and its statement builder, batched as
 * flink-connector-jdbc's writer does (bind + addBatch per row, executeBatch per batch). With {@code
 * rowBinary}, {@link ClickHouseJdbc#ROW_BINARY_INSERTS} makes the driver send each batch as
 * RowBinary (how the pipeline's sinks write, see ClickHouseSinks); without it, as one multi-row
 * VALUES text statement (the driver's default and the pipeline's path before issue 9).
 */
final class JdbcSinkPath implements SinkPath {
  private final String name;
  private final int batchSize;
  private final boolean rowBinary;
  private final Connection connection;

  JdbcSinkPath(String jdbcUrl, boolean rowBinary, int batchSize) throws Exception {
    this.name =
        rowBinary ? "clickhouse-jdbc RowBinary (as the pipeline)" : "clickhouse-jdbc VALUES text";
    this.batchSize = batchSize;
    this.rowBinary = rowBinary;
    this.connection = ClickHouseJdbc.connect(jdbcUrl, "default", "", rowBinary);
  }

  boolean rowBinary() {
    return rowBinary;
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
