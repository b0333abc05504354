package io.clickpulse.jobs;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.clickhouse.Reconciliation;
import io.clickpulse.jobs.delivery.DeliveryReplay;
import io.clickpulse.jobs.delivery.DigestCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operational commands, the same from a build ({@code ./clickpulse migrate ...}) and from the
 * released jar ({@code java -cp clickpulse-jobs-<version>-flink.jar io.clickpulse.jobs.Cli migrate
 * ...}). Every command takes the jobs' {@code --key value} settings, validated all at once; {@code
 * --help} prints its usage (the texts in {@code cli/}, which the script prints without building).
 * Exit codes: 0 done, 1 the command found a problem (it exits with that itself), 2 usage or
 * configuration error, printed as its problems and never as a stack trace.
 */
public final class Cli {
  /** A command's body: its arguments after the command name. */
  public interface Body {
    void run() throws Exception;
  }

  private interface Command {
    void run(String[] args) throws Exception;
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    COMMANDS.put("migrate", ClickHouseMigrations::main);
    COMMANDS.put("reconcile", Reconciliation::main);
    COMMANDS.put("replay-deliveries", DeliveryReplay::main);
    COMMANDS.put("digest", DigestCommand::main);
  }

  private Cli() {}

  public static void main(String[] args) {
    System.exit(execute(args, System.out, System.err));
  }

  /** Runs the command {@code args} name; returns its exit code (see the class comment). */
  static int execute(String[] args, PrintStream out, PrintStream err) {
    if (args.length == 0) {
      err.print(help("clickpulse"));
      return 2;
    }
    if (isHelp(args[0]) || args[0].equals("help")) {
      out.print(help("clickpulse"));
      return 0;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      err.println(
          "clickpulse: unknown command '"
              + args[0]
              + "' (this jar runs: "
              + String.join(", ", COMMANDS.keySet())
              + ")");
      return 2;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    if (Arrays.stream(rest).anyMatch(Cli::isHelp)) {
      out.print(help(args[0]));
      return 0;
    }
    return guarded(args[0], () -> command.run(rest), err);
  }

  /**
   * Runs {@code body} as command {@code name}: a usage or configuration error (an unknown or
   * missing setting, a value out of range, an unreadable file) is printed with every problem it
   * names, and the code is 2, instead of a stack trace and 1.
   */
  public static int guarded(String name, Body body, PrintStream err) {
    try {
      body.run();
      return 0;
    } catch (IllegalArgumentException | DateTimeException e) {
      err.println("clickpulse " + name + ": " + e.getMessage());
      err.println("Usage: ./clickpulse " + name + " --help");
      return 2;
    } catch (Exception e) {
      throw new IllegalStateException("clickpulse " + name + " failed: " + e.getMessage(), e);
    }
  }

  /** The usage text of {@code command} ("clickpulse" for the overview). */
  static String help(String command) {
    String resource = "cli/" + command + ".txt";
    try (InputStream in = Cli.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("No usage text " + resource);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isHelp(String arg) {
    return arg.equals("--help") || arg.equals("-h");
  }
}
