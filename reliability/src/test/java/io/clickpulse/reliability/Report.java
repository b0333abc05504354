package io.clickpulse.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The figures of a run (events, restarts, catch-up times, counts), logged and appended to {@code
 * target/reliability-figures.txt}, from where docs/reliability.md takes them.
 */
final class Report {
  private static final Logger LOG = LoggerFactory.getLogger(Report.class);
  private static final Path FILE = Paths.get("target", "reliability-figures.txt");

  private Report() {}

  static void figure(Scenario scenario, String format, Object... args) {
    String line = scenario.name() + ": " + String.format(format, args);
    LOG.info(line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(FILE, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double seconds(long fromNanos) {
    return Math.round((System.nanoTime() - fromNanos) / 1e8) / 10.0;
  }
}
