package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured; a figure is null when its measure did not run. */
final class Report {
  Throughput ceiling;
  Throughput validatingCeiling;
  Throughput pipeline;
  Throughput flinkSql;
  Throughput clickhouseKafka;
  Latency alerts;

  /** Per measure: CPU seconds of each process, and what the system produced. */
  final Map<String, String> cpu = new LinkedHashMap<>();

  final Map<String, String> checks = new LinkedHashMap<>();

  /** Measures that failed, with the error. */
  final Map<String, String> failures = new LinkedHashMap<>();

  /** Per measure: CPU by thread group of this JVM, where measured. */
  final Map<String, List<String>> threads = new LinkedHashMap<>();

  /** The pipeline's hot spots when it ran with {@code --profile true}. */
  final List<String> hotspots = new ArrayList<>();
}
