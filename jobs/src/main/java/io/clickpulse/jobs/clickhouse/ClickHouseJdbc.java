package io.clickpulse.jobs.clickhouse;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

/**
 * JDBC connections to ClickHouse without {@link java.sql.DriverManager}: on a Flink cluster the
 * driver lives in a job's class loader, which DriverManager does not see for the next job submitted
 * to the same JVM ("No suitable driver").
 */
public final class ClickHouseJdbc {
  private ClickHouseJdbc() {}

  public static Connection connect(String url, String user, String password) throws SQLException {
    Properties credentials = new Properties();
    credentials.setProperty("user", user);
    credentials.setProperty("password", password == null ? "" : password);
    Connection connection = new com.clickhouse.jdbc.Driver().connect(url, credentials);
    if (connection == null) {
      throw new SQLException("Not a ClickHouse JDBC URL: " + url);
    }
    return connection;
  }
}
