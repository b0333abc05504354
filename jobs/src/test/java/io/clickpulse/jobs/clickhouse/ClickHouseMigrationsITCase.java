package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations.Migration;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Migrations against the real ClickHouse engine. */
@Tag("engines")
class ClickHouseMigrationsITCase {

  @Test
  void appliesAllOnceAndIsSafeToRunAgain() {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String database = Engines.unique("mig");
    var migrations = new ClickHouseMigrations(clickhouse.jdbcUrl(database), "default", "");

    List<Integer> first = migrations.apply();
    List<Integer> second = migrations.apply();

    assertEquals(ClickHouseMigrations.bundled().stream().map(Migration::version).toList(), first);
    assertEquals(List.of(), second);
    assertEquals(
        String.valueOf(first.size()),
        clickhouse.query("SELECT count() FROM " + database + ".schema_migrations").strip());
    assertTrue(
        clickhouse
            .query(
                "SELECT engine FROM system.tables WHERE database = '"
                    + database
                    + "' AND name = 'clicks'")
            .contains("ReplacingMergeTree"));
  }

  @Test
  void refusesAMigrationEditedAfterItWasApplied() {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String database = Engines.unique("mig");
    var migrations = new ClickHouseMigrations(clickhouse.jdbcUrl(database), "default", "");
    migrations.apply(List.of(new Migration(1, "t", "CREATE TABLE t (x UInt8) ENGINE = Memory;")));

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                migrations.apply(
                    List.of(new Migration(1, "t", "CREATE TABLE t (x UInt16) ENGINE = Memory;"))));
    assertTrue(e.getMessage().contains("changed after it was applied"), e.getMessage());
  }

  @Test
  void indexListsEveryMigrationFileInTheSqlFolder() throws IOException {
    Path dir = Paths.get("..", "sql", "clickhouse");
    List<String> files;
    try (Stream<Path> paths = Files.list(dir)) {
      files =
          paths
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".sql"))
              .sorted()
              .toList();
    }
    List<String> indexed =
        ClickHouseMigrations.bundled().stream()
            .map(m -> String.format("V%03d__%s.sql", m.version(), m.name()))
            .toList();
    assertEquals(files, indexed);
  }

  @Test
  void splitsStatementsAtLineEndingSemicolonsAndDropsComments() {
    Migration m =
        new Migration(
            9,
            "x",
            "-- a comment; not a statement\nCREATE TABLE a (s String DEFAULT ';') ENGINE = Memory;\n"
                + "INSERT INTO a VALUES ('x;y');\n");
    assertEquals(
        List.of(
            "CREATE TABLE a (s String DEFAULT ';') ENGINE = Memory",
            "INSERT INTO a VALUES ('x;y')"),
        m.statements());
  }
}
