package io.clickpulse.jobs.clickhouse;

import io.clickpulse.jobs.settings.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the versioned ClickHouse migrations in {@code sql/clickhouse/} (bundled in the job jar)
 * and records each in {@code schema_migrations}. Safe to run again: applied versions are skipped,
 * and a migration edited after it was applied is refused, since its effect would be unknown.
 */
public final class ClickHouseMigrations {
  static final String RESOURCE_DIR = "/io/clickpulse/clickhouse/migrations/";
  private static final Pattern FILE_NAME = Pattern.compile("V(\\d{3})__([a-z0-9_]+)\\.sql");
  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseMigrations.class);

  /** One migration file. */
  public record Migration(int version, String name, String sql) {
    String checksum() {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(sql.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    /** The statements, split at semicolons that end a line; comment lines dropped. */
    List<String> statements() {
      List<String> statements = new ArrayList<>();
      StringBuilder current = new StringBuilder();
      for (String line : sql.split("\n")) {
        if (line.strip().startsWith("--")) {
          continue;
        }
        current.append(line).append('\n');
        if (line.stripTrailing().endsWith(";")) {
          statements.add(current.toString().strip().replaceAll(";$", ""));
          current.setLength(0);
        }
      }
      if (!current.toString().isBlank()) {
        statements.add(current.toString().strip());
      }
      return statements;
    }
  }

  /**
   * Applies the migrations from the command line (the docker stack's {@code migrate} service):
   * {@code --clickhouse.url URL --clickhouse.user USER}, password in {@code
   * CLICKPULSE_CLICKHOUSE_PASSWORD}.
   */
  public static void main(String[] args) {
    Settings s = Settings.load(args, System.getenv());
    ClickHouseSettings clickhouse = ClickHouseSettings.connection(s);
    s.validate();
    List<Integer> applied = new ClickHouseMigrations(clickhouse).apply();
    System.out.println("Applied migrations " + applied + " (others were applied before)");
  }

  private final String jdbcUrl;
  private final String user;
  private final String password;

  /**
   * @param jdbcUrl a clickhouse-jdbc URL naming the target database (created if missing)
   */
  public ClickHouseMigrations(ClickHouseSettings clickhouse) {
    this(clickhouse.url(), clickhouse.user(), clickhouse.password());
  }

  /**
   * @param jdbcUrl a clickhouse-jdbc URL naming the target database (created if missing)
   */
  public ClickHouseMigrations(String jdbcUrl, String user, String password) {
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  /** The bundled migrations in version order, as listed in {@code migrations.txt}. */
  public static List<Migration> bundled() {
    List<Migration> migrations = new ArrayList<>();
    for (String file : resource("migrations.txt").split("\n")) {
      if (file.isBlank() || file.startsWith("#")) {
        continue;
      }
      Matcher m = FILE_NAME.matcher(file.strip());
      if (!m.matches()) {
        throw new IllegalStateException(
            "Bad migration file name '" + file + "': expected V001__name.sql");
      }
      int version = Integer.parseInt(m.group(1));
      if (!migrations.isEmpty() && migrations.get(migrations.size() - 1).version() >= version) {
        throw new IllegalStateException("Migrations out of order at " + file);
      }
      migrations.add(new Migration(version, m.group(2), resource(file.strip())));
    }
    return migrations;
  }

  /** Applies what is missing; returns the versions applied by this call. */
  public List<Integer> apply() {
    return apply(bundled());
  }

  public List<Integer> apply(List<Migration> migrations) {
    createDatabase();
    List<Integer> applied = new ArrayList<>();
    try (Connection c = ClickHouseJdbc.connect(jdbcUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS schema_migrations (version UInt32, name String, checksum String,"
              + " applied_at DateTime64(3, 'UTC') DEFAULT now64(3)) ENGINE = MergeTree ORDER BY version");
      Map<Integer, String> done = appliedChecksums(st);
      for (Migration migration : migrations) {
        String checksum = migration.checksum();
        String previous = done.get(migration.version());
        if (previous != null) {
          if (!previous.equals(checksum)) {
            throw new IllegalStateException(
                "Migration V"
                    + migration.version()
                    + " ("
                    + migration.name()
                    + ") changed after it was applied;"
                    + " add a new migration instead of editing an applied one");
          }
          continue;
        }
        LOG.info("Applying ClickHouse migration V{} {}", migration.version(), migration.name());
        for (String statement : migration.statements()) {
          st.execute(statement);
        }
        try (PreparedStatement insert =
            c.prepareStatement(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (?, ?, ?)")) {
          insert.setInt(1, migration.version());
          insert.setString(2, migration.name());
          insert.setString(3, checksum);
          insert.executeUpdate();
        }
        applied.add(migration.version());
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "ClickHouse migration failed on " + jdbcUrl + ": " + e.getMessage(), e);
    }
    return applied;
  }

  private static Map<Integer, String> appliedChecksums(Statement st) throws SQLException {
    Map<Integer, String> done = new HashMap<>();
    try (ResultSet rs = st.executeQuery("SELECT version, checksum FROM schema_migrations")) {
      while (rs.next()) {
        done.put(rs.getInt(1), rs.getString(2));
      }
    }
    return done;
  }

  private void createDatabase() {
    int slash = jdbcUrl.indexOf('/', jdbcUrl.indexOf("//") + 2);
    int query = jdbcUrl.indexOf('?', slash);
    String database =
        query < 0 ? jdbcUrl.substring(slash + 1) : jdbcUrl.substring(slash + 1, query);
    String serverUrl =
        jdbcUrl.substring(0, slash) + "/default" + (query < 0 ? "" : jdbcUrl.substring(query));
    try (Connection c = ClickHouseJdbc.connect(serverUrl, user, password);
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE IF NOT EXISTS `" + database.replace("`", "") + "`");
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot create database '" + database + "' on " + serverUrl + ": " + e.getMessage(), e);
    }
  }

  private static String resource(String name) {
    try (InputStream in = ClickHouseMigrations.class.getResourceAsStream(RESOURCE_DIR + name)) {
      return new String(
          Objects.requireNonNull(in, "missing migration resource " + name).readAllBytes(),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
