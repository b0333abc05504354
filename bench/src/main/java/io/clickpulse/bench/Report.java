package io.clickpulse.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one run measured; a figure is null when its measure did not run. */
final class Report {
  Throughput ceiling;
  Throughput validatingCeiling;
  Throughput sinkCeiling;
  Throughput pipeline;
  Throughput flinkSql;
  Throughput clickhouseKafka;
  Latency alerts;

  /** The input the throughput measures read (null if none ran). */
  BenchInput input;

  /** The scaling runs that finished, the base first. */
  final List<ScalingBenchmark.Run> scaling = new ArrayList<>();

  /** Per measure: CPU seconds of each process, and what the system produced. */
  final Map<String, CpuUsage> cpu = new LinkedHashMap<>();

  final Map<String, String> checks = new LinkedHashMap<>();

  /** Every system's stored counts against the input's ledger. */
  final List<LedgerCheck> ledger = new ArrayList<>();

  /** Measures that failed, with the error. */
  final Map<String, String> failures = new LinkedHashMap<>();

  /** Per measure: CPU by thread group of this JVM, where measured. */
  final Map<String, List<String>> threads = new LinkedHashMap<>();

  /** The pipeline's hot spots when it ran with {@code --profile true}. */
  final List<String> hotspots = new ArrayList<>();
}
