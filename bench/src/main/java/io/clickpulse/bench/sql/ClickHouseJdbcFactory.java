package io.clickpulse.bench.sql;

import org.apache.flink.connector.jdbc.core.database.JdbcFactory;
import org.apache.flink.connector.jdbc.core.database.catalog.JdbcCatalog;
import org.apache.flink.connector.jdbc.core.database.dialect.JdbcDialect;

/**
 * Lets Flink SQL's JDBC connector write to ClickHouse ({@code jdbc:clickhouse:} URLs), which
 * flink-connector-jdbc 4.0 has no dialect for. Append-only inserts are all the Flink SQL peer
 * needs; found through {@code META-INF/services}.
 */
public class ClickHouseJdbcFactory implements JdbcFactory {
  @Override
  public boolean acceptsURL(String url) {
    return url.startsWith("jdbc:clickhouse:") || url.startsWith("jdbc:ch:");
  }

  @Override
  public JdbcDialect createDialect() {
    return new ClickHouseDialect();
  }

  @Override
  public JdbcCatalog createCatalog(
      ClassLoader classLoader,
      String catalogName,
      String defaultDatabase,
      String username,
      String password,
      String baseUrl) {
    throw new UnsupportedOperationException("No ClickHouse catalog: declare the tables in SQL");
  }
}
