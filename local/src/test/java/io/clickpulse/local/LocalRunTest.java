package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code ./clickpulse run}, small, launched exactly as the script launches it (its own JVM on the
 * module's runtime classpath, not the test classpath): it starts everything, reconciles, and stops
 * what it started.
 */
class LocalRunTest {

  @Test
  void runReconcilesEveryEventAndTheTables() throws Exception {
    String classpath =
        "target/classes"
            + java.io.File.pathSeparator
            + Files.readString(Paths.get("target", "runtime.classpath")).strip();
    Path output = Files.createTempFile(Paths.get("target"), "local-run", ".out");
    Process run =
        new ProcessBuilder(
                List.of(
                    Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dclickpulse.workDir="
                        + System.getProperty("clickpulse.workDir", "target/clickpulse-work"),
                    "-cp",
                    classpath,
                    "io.clickpulse.local.LocalRun",
                    "--events",
                    "3000",
                    "--seed",
                    "5"))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    assertTrue(run.waitFor(5, TimeUnit.MINUTES), "the run finished");
    String out = Files.readString(output, StandardCharsets.UTF_8);
    System.out.print(out);
    assertEquals(0, run.exitValue(), out);
    assertTrue(out.contains("events in (read from clicks.raw) : 3,000"), out);
    assertTrue(out.matches("(?s).*reconciliation: 3,000 in = .* -> OK.*"), out);
    assertTrue(out.contains("OK: all tables agree"), out);
    assertTrue(out.contains("Stopping Kafka and ClickHouse"), out);
  }
}
