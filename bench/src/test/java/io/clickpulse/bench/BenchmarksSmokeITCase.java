package io.clickpulse.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end on a tiny input and a subset of the measures (the Flink SQL peer takes
 * longer than this test may; the alert latency runs with two spikes): every measure must reach the
 * printed table and the results file with a number, every system's counts must match the input's
 * ledger, and each scaling run must report its cost, state and timers, so a broken harness fails
 * the build rather than a release.
 */
@Tag("engines")
class BenchmarksSmokeITCase {
  private static final List<String> MEASURES =
      List.of(
          "ceiling: Kafka → JSON parse → discard",
          "ceiling + validation (ClickEventParser) → discard",
          "sink ceiling: Kafka → parse → enrich → clicks rows in ClickHouse",
          "ClickPulse pipeline: submit → all rows in ClickHouse",
          "ClickPulse pipeline: Flink net runtime",
          "peer ClickHouse Kafka engine + MVs: start → all rows landed");

  @Test
  void aTinyRunReportsEveryMeasureWithANumber() throws Exception {
    Path results = Paths.get("target", "smoke", "results.md");
    Files.deleteIfExists(results);
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    PrintStream console = System.out;
    System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
    try {
      Benchmarks.main(
          new String[] {
            "--events", "5000",
            "--only", "ceiling,sinkceiling,pipeline,chkafka,scaling,alerts",
            "--scaling-events", "2000",
            "--spikes", "2",
            // Dense enough that every late click is late to the pipeline too, and short
            // checkpoints so that even tiny scaling runs complete some before their input ends.
            "--span", "1 h",
            "--checkpoint-interval", "500 ms",
            "--results", results.toString()
          });
    } finally {
      System.setOut(console);
    }
    String table = printed.toString(StandardCharsets.UTF_8);
    String file = Files.readString(results);

    for (String measure : MEASURES) {
      String number = "[0-9][0-9,]* ev/s";
      assertTrue(
          Pattern.compile("(?m)^" + Pattern.quote(measure) + " *\\| " + number)
              .matcher(table)
              .find(),
          "printed table lacks a number for '" + measure + "':\n" + table);
      assertTrue(
          Pattern.compile("(?m)^\\| " + Pattern.quote(measure) + " \\| " + number + " \\|")
              .matcher(file)
              .find(),
          "results file lacks a number for '" + measure + "':\n" + file);
    }
    assertFalse(table.contains("| failed"), "a measure failed:\n" + table);
    // Each Flink job measured ran once before on the warm-up input (a fifth of the 5,000 records).
    assertTrue(file.contains("ran once, unmeasured, on 1,000 records"), "no warm-up in:\n" + file);
    for (String job : List.of("ceiling", "sink ceiling", "pipeline")) {
      assertTrue(
          Pattern.compile("(?m)warm-up " + job + ": [0-9,]+ events/s").matcher(table).find(),
          "no warm-up run of the " + job + ":\n" + table);
    }
    assertRow(table, "ClickPulse pipeline: of sink ceiling", "[0-9]+\\.[0-9]{2} ");
    for (String measure : List.of("sink ceiling", "ClickPulse pipeline")) {
      assertRow(
          table,
          "CPU µs/event: " + measure,
          "flink [0-9.]+ \\+ kafka [0-9.]+ \\+ clickhouse [0-9.]+ = [0-9.]+ ");
    }

    // Every system's stored counts were checked, and every check passed.
    for (String system :
        List.of("sink ceiling", "ClickPulse pipeline", "ClickHouse Kafka engine peer")) {
      assertTrue(
          table.contains("\nledger: " + system + ": "),
          "no ledger check of " + system + ":\n" + table);
    }
    Matcher ledger = Pattern.compile("(?m)^ledger: .*$").matcher(table);
    int checks = 0;
    while (ledger.find()) {
      checks++;
      assertTrue(ledger.group().matches(".*\\| yes *$"), "ledger check failed: " + ledger.group());
    }
    assertTrue(checks >= 20, checks + " ledger checks:\n" + table);

    // Five scaling runs with a cost, a spread, state per link, visitor and event id, timers.
    for (String variant :
        List.of(
            "100,000 links, 80 % one-click",
            "1,000 links, 80 % one-click",
            "1,000,000 links, 80 % one-click",
            "100,000 links, 10 % one-click",
            "100,000 links, 95 % one-click")) {
      assertRow(
          table,
          "scaling: " + variant,
          "[0-9,]+ ev/s; Flink [0-9.]+ µs/ev *\\| (base|cost [+-][0-9]+ %, rate [+-][0-9]+ %) ");
      assertRow(
          table,
          "scaling state: " + variant,
          "([0-9.,]+|n/a) B/link \\([0-9,]+ links\\); ([0-9.,]+|n/a) B/visitor \\([0-9,]+"
              + " visitors\\); ([0-9.,]+|n/a) B/event id ");
      assertRow(
          table, "scaling timers: " + variant, "no timers .*subject minutes judged [0-9,]+/min");
      assertTrue(file.contains("| scaling: " + variant + " | "), "results file lacks " + variant);
    }
    // A tiny run may end before a checkpoint with state completes, but not all five.
    assertTrue(
        Pattern.compile(
                "(?m)^scaling state: [^|]+\\| [0-9.,]+ B/link \\([0-9,]+ links\\); [0-9.,]+"
                    + " B/visitor \\([0-9,]+ visitors\\); [0-9.,]+ B/event id ")
            .matcher(table)
            .find(),
        "no scaling run reports its state:\n" + table);
    assertTrue(
        Pattern.compile("(?m)^- CPU: .+, [0-9]+ cores$").matcher(file).find(),
        "no machine description:\n" + file);
    assertTrue(
        file.contains("5,000 records over 1 h of event time, Zipf over 100,000 links, 80 %"),
        "no input description:\n" + file);
    assertTrue(file.contains("## What each figure includes"), file);

    // Both planted spikes reach the webhook receiver (the figure itself is the benchmark's to
    // judge).
    assertRow(table, "planted spikes notified", "2 of 2 ");
    assertRow(table, "alert latency p99 (checkpoints 1 s)", "[0-9,]+ ms ");
  }

  private static void assertRow(String table, String measure, String value) {
    assertTrue(
        Pattern.compile("(?m)^" + Pattern.quote(measure) + " *\\| " + value).matcher(table).find(),
        "printed table lacks '" + measure + "' with " + value + ":\n" + table);
  }
}
