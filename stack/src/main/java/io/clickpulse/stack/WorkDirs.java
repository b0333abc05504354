package io.clickpulse.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;

/**
 * Where the local stack keeps its files: run data inside the project's work dir, big downloads in a
 * per-user cache shared by every clone.
 */
public final class WorkDirs {
  private WorkDirs() {}

  /**
   * The work dir: {@code -Dclickpulse.workDir}, {@code CLICKPULSE_WORK_DIR}, or {@code
   * .clickpulse}.
   */
  public static Path workDir() {
    String configured =
        System.getProperty("clickpulse.workDir", System.getenv("CLICKPULSE_WORK_DIR"));
    return createDirectories(Paths.get(configured != null ? configured : ".clickpulse"))
        .toAbsolutePath();
  }

  /** The download cache: {@code CLICKPULSE_CACHE_DIR} or {@code ~/.cache/clickpulse}. */
  public static Path cacheDir() {
    String configured = System.getenv("CLICKPULSE_CACHE_DIR");
    Path dir =
        configured != null
            ? Paths.get(configured)
            : Paths.get(System.getProperty("user.home"), ".cache", "clickpulse");
    return createDirectories(dir).toAbsolutePath();
  }

  /** A fresh directory under the work dir, unique so that parallel runs never share one. */
  public static Path newRunDir(String prefix) {
    return createDirectories(
        workDir().resolve(prefix + "-" + UUID.randomUUID().toString().substring(0, 8)));
  }

  public static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create directory " + dir, e);
    }
  }
}
