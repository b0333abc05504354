package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./clickpulse run}, small: it starts everything, reconciles, and stops what it started. */
class LocalRunTest {

  @Test
  void runReconcilesEveryEventAndTheTables() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      LocalRun.main(new String[] {"--events", "3000", "--seed", "5"});
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    original.print(out);
    assertTrue(out.contains("events in (read from clicks.raw) : 3,000"), out);
    assertTrue(out.matches("(?s).*reconciliation: 3,000 in = .* -> OK.*"), out);
    assertTrue(out.contains("OK: all tables agree"), out);
    assertTrue(out.contains("Stopping Kafka and ClickHouse"), out);
  }
}
