package io.clickpulse.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds (user + system) that processes spent between {@link #start} and {@link #stop}, from
 * /proc/PID/stat: shows where a measure's two cores went (the job, Kafka, ClickHouse). A process's
 * figure covers all its threads, so the Flink JVM's includes GC, JIT and RocksDB's native threads.
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

  /** CPU seconds per process since {@link #start}. */
  CpuUsage stop() {
    double wall = (System.nanoTime() - startNanos) / 1e9;
    Map<String, Double> seconds = new LinkedHashMap<>();
    pids.forEach(
        (name, pid) -> seconds.put(name, (ticks(pid) - startTicks.get(name)) / TICKS_PER_SECOND));
    return new CpuUsage(seconds, wall);
  }

  /** utime + stime of a process (fields 14 and 15), 0 when it cannot be read. */
  private static long ticks(long pid) {
    try {
      return ticks(Files.readString(Paths.get("/proc", Long.toString(pid), "stat")));
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  /** utime + stime of a process's or thread's {@code stat} line. */
  static long ticks(String stat) {
    // The command name (field 2) may contain spaces; fields after its closing ')' are plain.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  static double seconds(long ticks) {
    return ticks / TICKS_PER_SECOND;
  }
}
