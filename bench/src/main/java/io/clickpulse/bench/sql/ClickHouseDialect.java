package io.clickpulse.bench.sql;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.connector.jdbc.core.database.dialect.AbstractDialect;
import org.apache.flink.connector.jdbc.core.database.dialect.AbstractDialectConverter;
import org.apache.flink.connector.jdbc.core.database.dialect.JdbcDialectConverter;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/** ClickHouse for the JDBC table connector: backquoted names, plain INSERTs, no upserts. */
public class ClickHouseDialect extends AbstractDialect {
  private static final long serialVersionUID = 1L;

  @Override
  public String dialectName() {
    return "ClickHouse";
  }

  @Override
  public JdbcDialectConverter getRowConverter(RowType rowType) {
    return new Converter(rowType);
  }

  @Override
  public Optional<String> defaultDriverName() {
    return Optional.of("com.clickhouse.jdbc.Driver");
  }

  @Override
  public String quoteIdentifier(String identifier) {
    return "`" + identifier.replace("`", "") + "`";
  }

  @Override
  public String getLimitClause(long limit) {
    return "LIMIT " + limit;
  }

  /** None: the peer's tables are append-only and ReplacingMergeTree collapses repeats. */
  @Override
  public Optional<String> getUpsertStatement(
      String tableName, String[] fieldNames, String[] uniqueKeyFields) {
    return Optional.empty();
  }

  @Override
  public Optional<Range> timestampPrecisionRange() {
    return Optional.of(Range.of(0, 9));
  }

  @Override
  public Optional<Range> decimalPrecisionRange() {
    return Optional.of(Range.of(1, 76));
  }

  @Override
  public Set<LogicalTypeRoot> supportedTypes() {
    return EnumSet.of(
        LogicalTypeRoot.CHAR,
        LogicalTypeRoot.VARCHAR,
        LogicalTypeRoot.BOOLEAN,
        LogicalTypeRoot.TINYINT,
        LogicalTypeRoot.SMALLINT,
        LogicalTypeRoot.INTEGER,
        LogicalTypeRoot.BIGINT,
        LogicalTypeRoot.FLOAT,
        LogicalTypeRoot.DOUBLE,
        LogicalTypeRoot.DECIMAL,
        LogicalTypeRoot.DATE,
        LogicalTypeRoot.TIMESTAMP_WITHOUT_TIME_ZONE);
  }

  /** The connector's standard JDBC conversions: setString, setLong, setTimestamp ... */
  static final class Converter extends AbstractDialectConverter {
    private static final long serialVersionUID = 1L;

    Converter(RowType rowType) {
      super(rowType);
    }

    @Override
    public String converterName() {
      return "ClickHouse";
    }
  }
}
