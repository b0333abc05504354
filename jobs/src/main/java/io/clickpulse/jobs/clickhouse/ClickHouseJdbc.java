package io.clickpulse.jobs.clickhouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * JDBC connections to ClickHouse without {@link java.sql.DriverManager}: on a Flink cluster the
 * driver lives in a job's class loader, which DriverManager does not see for the next job submitted
 * to the same JVM ("No suitable driver").
 */
public final class ClickHouseJdbc {
  /**
   * The driver's connection property that sends the batch of a plain {@code INSERT INTO t (columns)
   * VALUES (?, ...)} as RowBinary, typed by the table's schema, instead of as one long {@code
   * VALUES} text statement that the server has to parse.
   */
  public static final String ROW_BINARY_INSERTS = "beta.row_binary_for_simple_insert";

  /**
   * The driver's connection property for the server setting {@code optimize_on_insert}, which the
   * sinks set to 0: ClickHouse then does not run a ReplacingMergeTree's collapse over each inserted
   * block, a third of the CPU of an insert into {@code clicks} (bench/README.md). It never found
   * anything there: the jobs write a row once per attempt, and a replay is another insert. Counts
   * never relied on it, since rows of separate inserts meet only in FINAL and background merges.
   */
  public static final String OPTIMIZE_ON_INSERT = "clickhouse_setting_optimize_on_insert";

  /** The connection properties every sink inserts with: RowBinary, no merge on insert. */
  public static final Map<String, String> SINK_INSERTS =
      Map.of(ROW_BINARY_INSERTS, "true", OPTIMIZE_ON_INSERT, "0");

  private ClickHouseJdbc() {}

  public static Connection connect(String url, String user, String password) throws SQLException {
    return connect(url, user, password, false);
  }

  /**
   * A connection that inserts as the sinks do if {@code asSinks}: simple INSERTs as RowBinary,
   * without the merge on insert.
   */
  public static Connection connect(String url, String user, String password, boolean asSinks)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password == null ? "" : password);
    if (asSinks) {
      properties.putAll(SINK_INSERTS);
    }
    Connection connection = new com.clickhouse.jdbc.Driver().connect(url, properties);
    if (connection == null) {
      throw new SQLException("Not a ClickHouse JDBC URL: " + url);
    }
    return connection;
  }

  /**
   * Binds a DateTime or DateTime64 parameter to the instant {@code epochMillis}, stored exactly in
   * either insert format. Never as a {@link java.sql.Timestamp}: in RowBinary the driver turns one
   * into local time in the JVM's default zone and writes that as if it were UTC, so a JVM not on
   * UTC would store shifted times, and the two instants of an autumn hour as one.
   */
  public static void setInstant(PreparedStatement ps, int index, long epochMillis)
      throws SQLException {
    ps.setObject(index, Instant.ofEpochMilli(epochMillis));
  }
}
