package io.clickpulse.local.report;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Headless Chromium for tests that need a page rendered with its scripts run: the DOM after
 * rendering, or a screenshot. Each call is one short-lived browser process with its profile, temp
 * and cache dirs inside {@code workDir}; it is killed (with its children, by PID) if it overruns.
 */
public final class HeadlessChromium {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Path workDir;
  private int calls;

  private HeadlessChromium(Path workDir) {
    this.workDir = workDir;
  }

  /** The browser, or a failed test saying how to install it: the report must be checked. */
  public static HeadlessChromium inside(Path workDir) {
    if (!Files.isExecutable(BINARY)) {
      fail(
          "Headless Chromium is missing ("
              + BINARY
              + " not found). ./clickpulse test installs it:"
              + " apt-get install -y --no-install-recommends chromium");
    }
    return new HeadlessChromium(workDir);
  }

  /** The DOM after the page's scripts ran, serialized as HTML. */
  public String dumpDom(Path page) {
    return run(List.of("--dump-dom", page.toUri().toString()));
  }

  /** A PNG of the top {@code height} pixels of the page at {@code width}. */
  Path screenshot(Path page, Path png, int width, int height) {
    run(
        List.of(
            "--screenshot=" + png.toAbsolutePath(),
            "--window-size=" + width + "," + height,
            "--hide-scrollbars",
            page.toUri().toString()));
    if (!Files.isRegularFile(png)) {
      fail("Chromium wrote no screenshot to " + png);
    }
    return png;
  }

  private String run(List<String> arguments) {
    Path dir = workDir.resolve("chromium-" + ++calls).toAbsolutePath();
    try {
      Files.createDirectories(dir.resolve("tmp"));
      List<String> command = new ArrayList<>();
      command.add(BINARY.toString());
      command.addAll(
          List.of(
              "--headless",
              "--no-sandbox",
              "--disable-gpu",
              "--no-first-run",
              "--user-data-dir=" + dir.resolve("profile"),
              "--disk-cache-dir=" + dir.resolve("cache"),
              "--crash-dumps-dir=" + dir.resolve("crashes"),
              "--virtual-time-budget=10000"));
      command.addAll(arguments);
      Path stdout = dir.resolve("stdout.html");
      Path stderr = dir.resolve("stderr.log");
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectOutput(stdout.toFile())
              .redirectError(stderr.toFile());
      // Relative to the browser's working dir: Chromium puts a Unix socket in TMPDIR, and socket
      // paths are limited to 107 bytes, which a checkout's absolute target/ path can exceed.
      Map<String, String> env = builder.environment();
      env.put("TMPDIR", "tmp");
      env.put("HOME", dir.toString());
      env.put("XDG_CONFIG_HOME", dir.resolve("tmp").toString());
      env.put("XDG_CACHE_HOME", dir.resolve("tmp").toString());
      Process process = builder.start();
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        kill(process.toHandle());
        fail(
            "Chromium did not finish within "
                + TIMEOUT
                + " (a JavaScript dialog such as alert() blocks it: did the page run injected"
                + " script?): "
                + tail(stderr));
      }
      if (process.exitValue() != 0) {
        fail("Chromium exited with " + process.exitValue() + ": " + tail(stderr));
      }
      return Files.readString(stdout, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while Chromium ran", e);
    }
  }

  /**
   * Kills the browser's helper processes first, while they can still be found, then the browser.
   */
  private static void kill(ProcessHandle browser) {
    browser.descendants().forEach(ProcessHandle::destroyForcibly);
    browser.destroyForcibly();
    browser.onExit().orTimeout(10, TimeUnit.SECONDS).join();
  }

  private static String tail(Path log) throws IOException {
    String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    return text.substring(Math.max(0, text.length() - 2000));
  }
}
