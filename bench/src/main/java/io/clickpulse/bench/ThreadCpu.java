package io.clickpulse.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of this JVM's threads, grouped by name (Flink names a task thread after its operator
 * chain, so this is CPU per chain). Sampled while a job runs, since task threads end with it: exact
 * per thread, unlike a sampling profiler, and unaffected by other load on the machine.
 */
final class ThreadCpu {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  private final Map<Long, String> names = new HashMap<>();
  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, Long> latest = new HashMap<>();

  ThreadCpu() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = THREADS.getThreadCpuTime(t.getId());
      if (cpu >= 0) {
        start.put(t.getId(), cpu);
      }
    }
  }

  /** Notes every live thread's CPU time so far; call often enough to see short-lived threads. */
  void sample() {
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = THREADS.getThreadCpuTime(t.getId());
      if (cpu >= 0) {
        names.put(t.getId(), group(t.getName()));
        latest.put(t.getId(), cpu);
      }
    }
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
}
