package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The package layering of docs/code-layout.md, checked on the source tree: a package refers only to
 * packages below it, so infrastructure never knows the domain and no two packages know each other.
 */
class PackageLayersTest {
  /** Lowest first; the jobs themselves ({@code io.clickpulse.jobs}) are above all of them. */
  static final List<String> LAYERS =
      List.of(
          // infrastructure: no ClickPulse domain
          "settings",
          "json",
          "metrics",
          "state",
          "wire",
          "sink",
          "kafka",
          "clickhouse",
          // domain, in the order of the README diagram
          "pipeline",
          "aggregate",
          "alert",
          "link",
          "conversion",
          "crm",
          "delivery",
          // the jobs' configuration, composed of every concern's settings
          "config");

  static final String ROOT = "";

  private static final Path SOURCES = Paths.get("src/main/java/io/clickpulse/jobs");
  private static final Pattern REFERENCE =
      Pattern.compile("io\\.clickpulse\\.jobs\\.([a-z]\\w*)\\.");

  @Test
  void everyPackageRefersOnlyToPackagesBelowIt() throws IOException {
    assertTrue(Files.isDirectory(SOURCES), "run from the jobs module: " + SOURCES.toAbsolutePath());
    Set<String> violations = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = packageOf(file);
        int fromRank = rank(from, file);
        String source = Files.readString(file).replaceFirst("(?m)^package [^;]+;", "");
        Matcher m = REFERENCE.matcher(source);
        while (m.find()) {
          String to = m.group(1);
          if (!to.equals(from) && rank(to, file) >= fromRank) {
            violations.add(name(from) + " -> " + name(to) + " (" + SOURCES.relativize(file) + ")");
          }
        }
      }
    }
    assertEquals(
        Set.of(),
        violations,
        "packages referring to a package at or above their layer (docs/code-layout.md)");
  }

  /** Infrastructure does not know the event model either: nothing of {@code io.clickpulse.udf}. */
  @Test
  void infrastructureRefersToNoDomainModel() throws IOException {
    Set<String> violations = new TreeSet<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String from = packageOf(file);
        boolean infrastructure =
            !from.equals(ROOT) && rank(from, file) < LAYERS.indexOf("pipeline");
        if (infrastructure && Files.readString(file).contains("io.clickpulse.udf.")) {
          violations.add(SOURCES.relativize(file).toString());
        }
      }
    }
    assertEquals(Set.of(), violations, "infrastructure referring to the udf module's domain");
  }

  private static String packageOf(Path file) {
    Path dir = SOURCES.relativize(file).getParent();
    return dir == null ? ROOT : dir.toString().replace('/', '.');
  }

  /** The layer index; the root is the top. Unknown packages fail: place them in the layering. */
  private static int rank(String pkg, Path file) {
    if (pkg.equals(ROOT)) {
      return LAYERS.size();
    }
    String top = pkg.contains(".") ? pkg.substring(0, pkg.indexOf('.')) : pkg;
    int rank = LAYERS.indexOf(top);
    if (rank < 0) {
      throw new AssertionError(
          "package '" + pkg + "' (in " + file + ") has no place in docs/code-layout.md's layering");
    }
    return rank;
  }

  private static String name(String pkg) {
    return pkg.equals(ROOT) ? "jobs" : pkg;
  }
}
