package io.clickpulse.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by name (Flink names a task thread after its operator
 * chain, so this is CPU per chain). Sampled while a job runs, since task threads end with it: exact
 * per thread, unlike a sampling profiler, and unaffected by other load on the machine.
 *
 * <p>The threads Java does not list (the JIT compilers, the garbage collector, RocksDB's flush and
 * compaction threads) are read from {@code /proc/self/task} and grouped by what they do: on the
 * pipeline they are about a third of the Flink process's CPU.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final Path TASKS = Paths.get("/proc/self/task");

  private final Map<String, String> names = new HashMap<>();
  private final Map<String, Long> start = new HashMap<>();
  private final Map<String, Long> latest = new HashMap<>();

  ThreadCpu() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = THREADS.getThreadCpuTime(t.getId());
      if (cpu >= 0) {
        start.put("java-" + t.getId(), cpu);
      }
    }
    readUnlisted((tid, group, cpu) -> start.put(tid, cpu));
  }

  /** Notes every live thread's CPU time so far; call often enough to see short-lived threads. */
  void sample() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = THREADS.getThreadCpuTime(t.getId());
      if (cpu >= 0) {
        names.put("java-" + t.getId(), group(t.getName()));
        latest.put("java-" + t.getId(), cpu);
      }
    }
    readUnlisted(
        (tid, group, cpu) -> {
          names.put(tid, group);
          latest.put(tid, cpu);
        });
  }

  /** The {@code top} thread groups by CPU seconds used since this was created, as lines. */
  List<String> top(int top) {
    Map<String, Long> byGroup = new HashMap<>();
    latest.forEach(
        (id, cpu) -> byGroup.merge(names.get(id), cpu - start.getOrDefault(id, 0L), Long::sum));
    long total = byGroup.values().stream().mapToLong(Long::longValue).sum();
    List<String> lines = new ArrayList<>();
    lines.add(String.format("%.1f s CPU in this JVM's threads", total / 1e9));
    byGroup.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(
            e ->
                lines.add(
                    String.format(
                        "  %6.1f s  %4.1f %%  %s",
                        e.getValue() / 1e9,
                        100.0 * e.getValue() / Math.max(1, total),
                        e.getKey())));
    return lines;
  }

  /** "enrich (2/2)#0" with its sibling subtasks; pool threads with their pool. */
  private static String group(String name) {
    return name.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", "").replaceAll("-\\d+$", "-N");
  }

  /**
   * What a thread Java does not list does, from its kernel name ({@code comm}, at most 15
   * characters); null for the threads Java lists, which {@link ThreadMXBean} measures.
   */
  static String unlistedGroup(String comm) {
    if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
      return "(JVM) JIT compilers";
    }
    if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
      return "(JVM) garbage collector";
    }
    if (comm.startsWith("rocksdb:")) {
      return "(native) RocksDB flushes and compactions";
    }
    if (comm.equals("VM Thread") || comm.startsWith("VM Periodic")) {
      return "(JVM) VM thread";
    }
    return null;
  }

  private interface UnlistedThread {
    void cpu(String tid, String group, long cpuNanos);
  }

  /** The unlisted threads' CPU; nothing where there is no {@code /proc} (not Linux). */
  private static void readUnlisted(UnlistedThread each) {
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String group = unlistedGroup(Files.readString(task.resolve("comm")).strip());
          if (group != null) {
            long ticks = CpuMeter.ticks(Files.readString(task.resolve("stat")));
            each.cpu("task-" + task.getFileName(), group, (long) (CpuMeter.seconds(ticks) * 1e9));
          }
        } catch (IOException | RuntimeException ended) {
          // The thread ended between listing and reading.
        }
      }
    } catch (IOException | RuntimeException noProc) {
      // Not Linux: the Java threads alone.
    }
  }
}
