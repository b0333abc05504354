package io.clickpulse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Flink JVM's CPU by thread, the threads Java does not list included. */
class ThreadCpuTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        // Kernel thread names as /proc/PID/task/TID/comm gives them (cut at 15 characters).
        "C2 CompilerThre | (JVM) JIT compilers",
        "C1 CompilerThre | (JVM) JIT compilers",
        "GC Thread#0 | (JVM) garbage collector",
        "G1 Conc#0 | (JVM) garbage collector",
        "G1 Refine#0 | (JVM) garbage collector",
        "G1 Main Marker | (JVM) garbage collector",
        "rocksdb:low | (native) RocksDB flushes and compactions",
        "rocksdb:high | (native) RocksDB flushes and compactions",
        "VM Thread | (JVM) VM thread",
        // Java threads: ThreadMXBean measures them under their full names.
        "main | -",
        "Source: clicks. | -",
        "deduplicate -> | -",
        "flink-pekko.act | -",
      })
  void threadsJavaDoesNotListAreGroupedByWhatTheyDo(String comm, String group) {
    assertEquals(group, ThreadCpu.unlistedGroup(comm));
  }

  @Test
  void aStatLinesCpuIsUserPlusSystemTime() {
    // A real /proc/PID/task/TID/stat line; the name holds spaces, so fields count from its ')'.
    String stat =
        "4242 (C2 CompilerThre) S 4200 4200 1 0 -1 4194368 1290 0 0 0 3131 87 0 0 20 0 57 0 812"
            + " 7201157120 112233 18446744073709551615 1 1 0 0 0 0 0 4096 16390 0 0 0 -1 1 0 0 0 0 0";

    assertEquals(3131 + 87, CpuMeter.ticks(stat));
    assertNull(ThreadCpu.unlistedGroup("kafka-producer-"));
  }

  @Test
  @EnabledOnOs(OS.LINUX)
  void theJvmsOwnThreadsAreMeasuredBesideJavasThreads() {
    ThreadCpu cpu = new ThreadCpu();
    cpu.sample();

    String lines = String.join("\n", cpu.top(100));
    assertTrue(lines.contains("(JVM) garbage collector"), lines);
    assertTrue(lines.contains("(JVM) JIT compilers"), lines);
    assertTrue(lines.contains("main"), lines);
  }
}
