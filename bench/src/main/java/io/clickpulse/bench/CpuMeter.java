package io.clickpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that processes spent between {@link #start} and {@link #stop}, from
 * /proc/PID/stat: shows where a measure's two cores went (the job, Kafka, ClickHouse).
 */
final class CpuMeter {
  /** Linux reports in clock ticks; 100 per second on every mainstream kernel configuration. */
  private static final double TICKS_PER_SECOND = 100.0;

  private final Map<String, Long> pids;
  private final Map<String, Long> startTicks = new LinkedHashMap<>();
  private long startNanos;

  private CpuMeter(Map<String, Long> pids) {
    this.pids = pids;
  }

  static CpuMeter start(Map<String, Long> pids) {
    CpuMeter meter = new CpuMeter(pids);
    pids.forEach((name, pid) -> meter.startTicks.put(name, ticks(pid)));
    meter.startNanos = System.nanoTime();
    return meter;
  }

  /** "name 12.3 s, ... over 20.1 s wall" */
  String stop() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    StringBuilder out = new StringBuilder();
    pids.forEach(
        (name, pid) -> {
          long used = ticks(pid) - startTicks.get(name);
          out.append(String.format("%s %.1f s, ", name, used / TICKS_PER_SECOND));
        });
    return out.append(String.format("over %.1f s wall", wall)).toString();
  }

  /** utime + stime of a process (fields 14 and 15), 0 when it cannot be read. */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Paths.get("/proc", Long.toString(pid), "stat"));
      // The command name (field 2) may contain spaces; fields after its closing ')' are plain.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
