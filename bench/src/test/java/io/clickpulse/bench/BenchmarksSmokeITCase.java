package io.clickpulse.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The harness end to end on a tiny input and a subset of the measures (the Flink SQL peer and the
 * alert latency each take longer than this test may): every measure must reach the printed table
 * and the results file with a number, so a broken harness fails the build rather than a release.
 */
@Tag("engines")
class BenchmarksSmokeITCase {
  private static final List<String> MEASURES =
      List.of(
          "ceiling: Kafka → JSON parse → discard",
          "ceiling + validation (ClickEventParser) → discard",
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
            "--only", "ceiling,pipeline,chkafka",
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
    assertTrue(
        Pattern.compile("(?m)^- CPU: .+, [0-9]+ cores$").matcher(file).find(),
        "no machine description:\n" + file);
    assertTrue(file.contains("5,000 records"), "no input size:\n" + file);
    assertTrue(file.contains("## What each figure includes"), file);
  }
}
