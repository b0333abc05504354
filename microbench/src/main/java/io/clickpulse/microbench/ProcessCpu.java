package io.clickpulse.microbench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process (all its threads), from /proc: on a machine shared with other work,
 * the engine's CPU per query or per row is steadier than wall time.
 */
public final class ProcessCpu {
  private static final double TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private ProcessCpu() {}

  /** User + system seconds of process {@code pid} so far (10 ms resolution). */
  public static double seconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name (which may hold spaces) start at state, field 3.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read the CPU time of process " + pid, e);
    }
  }
}
