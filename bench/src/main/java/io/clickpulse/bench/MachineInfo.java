package io.clickpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The machine a run measured, from the JVM and /proc. */
final class MachineInfo {
  private MachineInfo() {}

  static String describe() {
    return String.join(
        "\n",
        "- CPU: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores",
        "- RAM: " + memoryGiB() + " GiB",
        "- Java: "
            + System.getProperty("java.vm.name")
            + " "
            + System.getProperty("java.runtime.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")",
        "- OS: "
            + osRelease().orElse(System.getProperty("os.name"))
            + ", kernel "
            + System.getProperty("os.version")
            + " "
            + System.getProperty("os.arch"));
  }

  /** The 1, 5 and 15 minute load averages: the other work on the machine during the run. */
  static String loadAverage() {
    return read(Paths.get("/proc/loadavg"))
        .map(s -> String.join(" ", java.util.Arrays.copyOf(s.strip().split("\\s+"), 3)))
        .orElse("unknown");
  }

  private static String cpuModel() {
    return first(Paths.get("/proc/cpuinfo"), Pattern.compile("(?m)^model name\\s*:\\s*(.+)$"))
        .orElse(System.getProperty("os.arch"));
  }

  private static String memoryGiB() {
    return first(Paths.get("/proc/meminfo"), Pattern.compile("(?m)^MemTotal:\\s*(\\d+) kB"))
        .map(kb -> String.format("%.1f", Long.parseLong(kb) / 1024.0 / 1024.0))
        .orElse("unknown");
  }

  private static Optional<String> osRelease() {
    return first(Paths.get("/etc/os-release"), Pattern.compile("(?m)^PRETTY_NAME=\"?([^\"\\n]+)"));
  }

  private static Optional<String> first(Path file, Pattern pattern) {
    return read(file).map(pattern::matcher).filter(Matcher::find).map(m -> m.group(1).strip());
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
