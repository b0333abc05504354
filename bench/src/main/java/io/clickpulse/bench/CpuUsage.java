package io.clickpulse.bench;

import java.util.Locale;
import java.util.Map;

/**
 * CPU seconds (user + system, every thread: JIT, GC and native RocksDB threads included) that each
 * process spent over one measure.
 *
 * @param seconds per process name, in the order of {@link BenchStack#pids()}
 * @param wall the measure's wall-clock seconds
 */
record CpuUsage(Map<String, Double> seconds, double wall) {
  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }

  /** CPU microseconds per input event of one process, NaN if it was not measured. */
  double microsPerEvent(String process, long events) {
    Double s = seconds.get(process);
    return s == null || events <= 0 ? Double.NaN : s * 1e6 / events;
  }

  double totalMicrosPerEvent(long events) {
    return events <= 0 ? Double.NaN : total() * 1e6 / events;
  }

  /** "flink 1.2 + kafka 0.3 + clickhouse 4.5 = 6.0" µs per event. */
  String microsPerEventText(long events) {
    StringBuilder out = new StringBuilder();
    seconds.forEach(
        (name, s) ->
            out.append(out.isEmpty() ? "" : " + ")
                .append(String.format(Locale.ROOT, "%s %.1f", name, s * 1e6 / events)));
    return out.append(String.format(Locale.ROOT, " = %.1f", totalMicrosPerEvent(events)))
        .toString();
  }

  /** "flink 12.3 s, kafka 1.0 s, ... over 20.1 s wall" */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder();
    seconds.forEach((name, s) -> out.append(String.format(Locale.ROOT, "%s %.1f s, ", name, s)));
    return out.append(String.format(Locale.ROOT, "over %.1f s wall", wall)).toString();
  }
}
