package io.clickpulse.stack;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A child process of the local stack: output to a log file, a readiness wait that fails fast when
 * the process dies, and a stop by PID that escalates from polite to forced.
 */
public final class ManagedProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;
  private final Thread shutdownHook;

  private ManagedProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.shutdownHook = new Thread(this::stop, "stop-" + name);
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /**
   * Starts {@code command}; stdin stays a pipe held by this JVM, stdout and stderr go to {@code
   * log}.
   */
  public static ManagedProcess start(String name, List<String> command, Path workingDir, Path log) {
    return start(name, command, workingDir, log, Map.of());
  }

  /** As above, with {@code environment} added to the child's environment (secrets, for example). */
  public static ManagedProcess start(
      String name,
      List<String> command,
      Path workingDir,
      Path log,
      Map<String, String> environment) {
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workingDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      Process process = builder.start();
      return new ManagedProcess(name, process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start " + name + ": " + command.get(0), e);
    }
  }

  /** Runs {@code command} to completion, failing with its log tail when it exits non-zero. */
  public static void run(
      String name, List<String> command, Path workingDir, Path log, Duration timeout) {
    try (ManagedProcess p = start(name, command, workingDir, log)) {
      if (!p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException(
            name + " did not finish within " + timeout + "; see " + log);
      }
      if (p.process.exitValue() != 0) {
        throw new IllegalStateException(
            name + " failed with exit code " + p.process.exitValue() + ":\n" + p.logTail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while running " + name, e);
    }
  }

  /** Waits until {@code ready} holds; fails at once if the process exits first. */
  public void awaitReady(BooleanSupplier ready, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pauseMillis = 20;
    while (!ready.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            name
                + " exited with code "
                + process.exitValue()
                + " before it was ready:\n"
                + logTail());
      }
      if (System.nanoTime() > deadline) {
        stop();
        throw new IllegalStateException(
            name + " was not ready within " + timeout + ":\n" + logTail());
      }
      try {
        process.waitFor(pauseMillis, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for " + name, e);
      }
      pauseMillis = Math.min(pauseMillis * 2, 250);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path log() {
    return log;
  }

  /** Closes the child's stdin: the signal our launchers treat as "shut down cleanly". */
  public void closeStdin() {
    try {
      OutputStream stdin = process.getOutputStream();
      stdin.close();
    } catch (IOException ignored) {
      // The child is gone already.
    }
  }

  /** Sends SIGKILL, as a crash would. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(10));
  }

  /** Sends SIGTERM, as a service manager stopping the process would, and waits for the exit. */
  public void terminate(Duration timeout) {
    process.destroy();
    if (!waitForExit(timeout)) {
      kill();
    }
  }

  /** Stops the process: stdin closed, then SIGTERM, then SIGKILL, waiting a little at each step. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    closeStdin();
    if (waitForExit(Duration.ofSeconds(10))) {
      return;
    }
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(10))) {
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(10));
    }
  }

  private boolean waitForExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The last lines of the log, for error messages. */
  public String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log at " + log + ")";
    }
  }

  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or has run; nothing to remove.
    }
  }
}
