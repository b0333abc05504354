package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The operational commands' help, usage errors and exit codes, as run from the jar. */
class CliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Cli.execute(
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void helpListsEveryCommandTheScriptRuns() throws IOException {
    assertEquals(0, run("--help"));
    String script = Files.readString(Paths.get("..", "clickpulse"));
    Matcher commands = Pattern.compile("COMMANDS=\"([^\"]+)\"").matcher(script);
    assertTrue(commands.find(), "the script lists its commands");
    for (String command : commands.group(1).split(" ")) {
      assertTrue(
          out.toString(StandardCharsets.UTF_8).contains("\n  " + command + " "),
          "the overview names " + command);
      Path text = Paths.get("src/main/resources/io/clickpulse/jobs/cli/" + command + ".txt");
      assertTrue(
          Files.readString(text).startsWith("Usage: ./clickpulse " + command),
          command + " has its usage text");
    }
  }

  @Test
  void eachCommandsHelpIsItsUsageAndRunsNothing() {
    for (String command : new String[] {"migrate", "reconcile", "replay-deliveries", "digest"}) {
      out.reset();
      // No ClickHouse at this address: --help must not try to connect.
      assertEquals(
          0, run(command, "--clickhouse.url", "jdbc:clickhouse://127.0.0.1:1/x", "--help"));
      String usage = out.toString(StandardCharsets.UTF_8);
      assertTrue(usage.startsWith("Usage: ./clickpulse " + command), usage);
      assertTrue(usage.contains("Exit codes:"), command + " documents its exit codes");
    }
  }

  @Test
  void usageErrorsExitTwoNamingEveryProblemAtOnce() {
    assertEquals(
        2, run("reconcile", "--clickhouse.url", "jdbc:clickhouse://h:8123/db", "--frm", "x"));
    String printed = err.toString(StandardCharsets.UTF_8);
    assertTrue(printed.startsWith("clickpulse reconcile: "), printed);
    assertTrue(printed.contains("'--frm'"), "the unknown setting: " + printed);
    assertTrue(printed.contains("from"), "the missing --from: " + printed);
    assertTrue(printed.contains("to"), "the missing --to: " + printed);
    assertTrue(!printed.contains("\tat "), "no stack trace: " + printed);
  }

  @Test
  void anUnknownCommandOrNoneIsAUsageError() {
    assertEquals(2, run("migrat"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'migrat'"));
    err.reset();
    assertEquals(2, run());
    assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Usage: ./clickpulse"));
  }
}
