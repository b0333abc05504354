package io.clickpulse.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's samples three ways: by thread (Flink names task threads after their
 * operator chain), by the method on top of the stack (self time), and by the topmost ClickPulse
 * method on the stack (what the project's code costs, libraries it calls included).
 *
 * <p>Java execution samples, plus the native samples inside RocksDB: JFR samples native code
 * separately, and the state backend's work happens there (other native samples are threads waiting
 * in epoll, accept and the like, so they are left out).
 */
final class Hotspots {
  private static final int TOP = 15;
  private static final String PROJECT = "io.clickpulse.";

  private Hotspots() {}

  static List<String> summarize(Path recording) throws IOException {
    List<RecordedEvent> samples = new ArrayList<>();
    int rocksdb = 0;
    for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
      String type = event.getEventType().getName();
      if (event.getStackTrace() == null || event.getStackTrace().getFrames().isEmpty()) {
        continue;
      }
      if (type.equals("jdk.ExecutionSample")) {
        samples.add(event);
      } else if (type.equals("jdk.NativeMethodSample") && inRocksDb(event)) {
        samples.add(event);
        rocksdb++;
      }
    }
    List<String> out = new ArrayList<>();
    out.add(
        samples.size()
            + " samples: Java code every ~10 ms per running thread, and "
            + rocksdb
            + " native samples inside RocksDB (~20 ms apart)");
    section(
        out,
        "by thread (Flink task threads carry their operator chain's name)",
        samples,
        Hotspots::thread);
    section(
        out,
        "by method on top of the stack (self time)",
        samples,
        e -> frame(e.getStackTrace().getFrames().get(0)));
    section(
        out,
        "by topmost ClickPulse method on the stack (including the libraries it calls)",
        samples,
        Hotspots::projectFrame);
    return out;
  }

  private static void section(
      List<String> out,
      String title,
      List<RecordedEvent> samples,
      Function<RecordedEvent, String> key) {
    Map<String, Integer> counts = new HashMap<>();
    samples.forEach(e -> counts.merge(key.apply(e), 1, Integer::sum));
    out.add("");
    out.add(title + ":");
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(TOP)
        .forEach(
            e ->
                out.add(
                    String.format(
                        "  %5.1f %%  %s",
                        100.0 * e.getValue() / Math.max(1, samples.size()), e.getKey())));
  }

  private static boolean inRocksDb(RecordedEvent e) {
    return e.getStackTrace()
        .getFrames()
        .get(0)
        .getMethod()
        .getType()
        .getName()
        .startsWith("org.rocksdb.");
  }

  private static String thread(RecordedEvent e) {
    var thread = e.getThread("sampledThread");
    String name = thread == null ? "?" : thread.getJavaName();
    // "deduplicate -> enrich (2/2)#0" counts with its sibling subtasks.
    return name == null ? "?" : name.replaceAll(" \\(\\d+/\\d+\\)(#\\d+)?$", "");
  }

  private static String projectFrame(RecordedEvent e) {
    RecordedStackTrace trace = e.getStackTrace();
    for (RecordedFrame f : trace.getFrames()) {
      if (f.isJavaFrame() && f.getMethod().getType().getName().startsWith(PROJECT)) {
        return frame(f);
      }
    }
    return "(no ClickPulse frame: Flink runtime, connectors, JVM)";
  }

  private static String frame(RecordedFrame f) {
    String type = f.getMethod().getType().getName();
    return type.substring(type.lastIndexOf('.') + 1)
        + "."
        + f.getMethod().getName()
        + "  ["
        + type.substring(0, Math.max(0, type.lastIndexOf('.')))
        + "]";
  }
}
