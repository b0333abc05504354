package io.clickpulse.stack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ClickHouse engine as shipped in chDB's npm package ({@code libchdb.so}), plus the small C
 * launcher that serves it over HTTP. Both are prepared once per machine in the download cache: the
 * package is fetched with {@code npm pack}, checked against a pinned SHA-256, and unpacked; the
 * launcher is compiled with gcc.
 */
public final class ClickHouseEngine {
  public static final String NPM_PACKAGE = "@chdb/lib-linux-x64-gnu";
  public static final String NPM_VERSION = "26.7.3-stable.1";

  /** ClickHouse version inside that package; docker/ pins the same server version. */
  public static final String CLICKHOUSE_VERSION = "26.7.2.1";

  static final String PACKAGE_SHA256 =
      "c0d32b129e988f2b9a9a31c9141aecf5e1e2453f9a079efc4d36ab8e3f92b2ad";
  private static final String LAUNCHER_SOURCE = "clickhouse-launcher.c";

  private static final Logger LOG = LoggerFactory.getLogger(ClickHouseEngine.class);

  private final Path library;
  private final Path launcher;

  private ClickHouseEngine(Path library, Path launcher) {
    this.library = library;
    this.launcher = launcher;
  }

  /** Returns the engine, downloading and building what is missing from the cache. */
  public static ClickHouseEngine prepare() {
    Path cache = WorkDirs.cacheDir();
    // A lock file keeps parallel first runs from downloading into each other.
    try (FileChannel lockChannel =
            FileChannel.open(
                cache.resolve(".clickhouse.lock"),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock ignored = lockChannel.lock()) {
      Path library = ensureLibrary(cache);
      Path launcher = ensureLauncher(cache);
      return new ClickHouseEngine(library, launcher);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot prepare the ClickHouse engine in " + cache, e);
    }
  }

  public Path library() {
    return library;
  }

  public Path launcher() {
    return launcher;
  }

  private static Path ensureLibrary(Path cache) throws IOException {
    Path dir = cache.resolve("chdb-" + NPM_VERSION);
    Path library = dir.resolve("libchdb.so");
    if (Files.isRegularFile(library)) {
      return library;
    }
    Path download = Files.createDirectories(cache.resolve("download"));
    String tarball = "chdb-lib-linux-x64-gnu-" + NPM_VERSION + ".tgz";
    Path archive = download.resolve(tarball);
    if (!Files.isRegularFile(archive) || !PACKAGE_SHA256.equals(sha256(archive))) {
      LOG.info(
          "Downloading the ClickHouse engine ({}@{}, about 178 MB, once per machine)",
          NPM_PACKAGE,
          NPM_VERSION);
      System.out.println(
          "Downloading the ClickHouse engine (about 178 MB, once per machine) into " + download);
      ManagedProcess.run(
          "npm pack",
          List.of(
              "npm",
              "pack",
              NPM_PACKAGE + "@" + NPM_VERSION,
              "--pack-destination",
              download.toString()),
          download,
          download.resolve("npm-pack.log"),
          Duration.ofMinutes(20));
    }
    String actual = sha256(archive);
    if (!PACKAGE_SHA256.equals(actual)) {
      Files.deleteIfExists(archive);
      throw new IllegalStateException(
          "Checksum mismatch for "
              + archive
              + ": expected "
              + PACKAGE_SHA256
              + ", got "
              + actual
              + " (file deleted; run again)");
    }
    Path staging =
        Files.createDirectories(cache.resolve("staging-" + ProcessHandle.current().pid()));
    ManagedProcess.run(
        "tar",
        List.of("tar", "-xzf", archive.toString(), "-C", staging.toString(), "package/libchdb.so"),
        staging,
        cache.resolve("tar.log"),
        Duration.ofMinutes(5));
    Files.createDirectories(dir);
    Files.move(staging.resolve("package/libchdb.so"), library, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(staging);
    return library;
  }

  private static Path ensureLauncher(Path cache) throws IOException {
    byte[] source;
    try (InputStream in = ClickHouseEngine.class.getResourceAsStream(LAUNCHER_SOURCE)) {
      source =
          Objects.requireNonNull(in, LAUNCHER_SOURCE + " missing from the classpath")
              .readAllBytes();
    }
    // Named by the source's hash, so a changed launcher is rebuilt and old clones keep theirs.
    String hash = sha256(source).substring(0, 12);
    Path launcher = cache.resolve("clickhouse-launcher-" + hash);
    if (Files.isExecutable(launcher)) {
      return launcher;
    }
    Path src = cache.resolve("clickhouse-launcher-" + hash + ".c");
    Files.write(src, source);
    Path tmp = cache.resolve("clickhouse-launcher-" + hash + ".tmp");
    ManagedProcess.run(
        "gcc",
        List.of("gcc", "-O2", "-o", tmp.toString(), src.toString(), "-ldl", "-lpthread"),
        cache,
        cache.resolve("gcc.log"),
        Duration.ofMinutes(2));
    Files.move(tmp, launcher, StandardCopyOption.ATOMIC_MOVE);
    return launcher;
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256Digest();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(sha256Digest().digest(bytes));
  }

  private static MessageDigest sha256Digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
