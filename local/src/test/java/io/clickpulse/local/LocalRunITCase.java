package io.clickpulse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.local.report.HeadlessChromium;
import io.clickpulse.local.report.RenderedDom;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code ./clickpulse run}, launched exactly as the script launches it (its own JVM on the module's
 * runtime classpath, not the test classpath), on a short demo scenario: every event reconciled,
 * every planted incident detected and delivered, nothing else alerted, every process stopped.
 */
@Tag("engines")
class LocalRunITCase {
  private static final Pattern PID = Pattern.compile("pid (\\d+)");
  private static final Pattern CLOCK_AHEAD =
      Pattern.compile("\\nclock ahead: ([\\d,]+) clicks \\(clock_ahead_ms > 0\\), of ([\\d,]+) ");
  private static final List<String> INCIDENTS =
      List.of(
          "bot burst",
          "email-scanner sweep",
          "spike (hot link)",
          "spike (tail link)",
          "broken destination",
          "missing UTM");

  private static final List<String> LIFECYCLE_PROBLEMS =
      List.of(
          "link without UTM",
          "QR destination changed",
          "expiring while clicked",
          "clicked after delete",
          "clicked after expiry",
          "bulk import",
          "redirect chain",
          "clicked after its campaign ended");

  @Test
  void demoRunReconcilesAndDetectsEveryPlantedIncident() throws Exception {
    Path output = Files.createTempFile(Paths.get("target"), "local-run", ".out");
    Process run = launch(output, "--duration", "75s", "--rate", "100", "--seed", "5");
    assertTrue(run.waitFor(8, TimeUnit.MINUTES), "the run finished");
    String out = Files.readString(output, StandardCharsets.UTF_8);
    System.out.print(out);
    assertEquals(0, run.exitValue(), out);

    assertTrue(out.matches("(?s).*generated [\\d,]+ = stored .* -> reconciled OK.*"), out);
    assertTrue(out.matches("(?s).*\\nas planted \\(.*\\): OK\\n.*"), out);
    assertTrue(out.matches("(?s).*hourly rollups [\\d,]+: agree.*"), out);
    assertTrue(out.matches("(?s).*\\nlate clicks [\\d,]+ in late_clicks, .*: OK\\n.*"), out);
    // One producer of eight is 4 minutes fast: the job finds its clicks ahead of the others'.
    Matcher ahead = CLOCK_AHEAD.matcher(out);
    assertTrue(ahead.find(), out);
    long marked = number(ahead.group(1));
    assertTrue(marked > 0 && marked <= number(ahead.group(2)), out);
    for (String incident : INCIDENTS) {
      assertTrue(
          out.matches(
              "(?s).*\\n  " + Pattern.quote(incident) + " .* alert \\w+ detected .*, delivered .*"),
          incident + " was detected and delivered:\n" + out);
    }
    // False alarms within the rules' budget (docs/alerts.md, "Detection quality": at most one per
    // link-week). The demo watches about 100 links and 10 campaigns for 75 minutes of event time,
    // about 0.8 subject-weeks, and its realistic traffic has unplanted bursts: at most 2.
    Matcher other = Pattern.compile("Other alerts \\((\\d+), not planted\\)").matcher(out);
    int falseAlarms = other.find() ? Integer.parseInt(other.group(1)) : 0;
    assertTrue(
        out.contains("Other alerts: none") || falseAlarms <= 2, "at most 2 false alarms:\n" + out);
    // The link events' planted lifecycle problems (docs/links.md): each with its alert.
    Matcher lifecycle = Pattern.compile("\\nLifecycle alerts: (\\d+) \\{").matcher(out);
    assertTrue(lifecycle.find(), "lifecycle alerts in the summary:\n" + out);
    assertTrue(Integer.parseInt(lifecycle.group(1)) >= LIFECYCLE_PROBLEMS.size(), out);
    for (String problem : LIFECYCLE_PROBLEMS) {
      assertTrue(
          out.matches("(?s).*\\n  " + Pattern.quote(problem) + " +\\S+ +link_\\w+ alert .*"),
          problem + " alerted:\n" + out);
    }
    assertTrue(out.contains("Link catalog: 3 clicks on links no link event announced"), out);
    // Conversions, the qualified contact's CRM signal and the click feed (issue #18): the summary
    // compares what ClickHouse and the receiver got with the generator's ledger.
    assertTrue(
        out.matches(
            "(?s).*\\nConversions: [\\d,]+ sent \\(\\{lead=\\d+, sale=\\d+, signup=\\d+\\}\\),"
                + " [\\d,]+ stored: [\\d,]+ last click on [\\d,]+ links, [\\d,]+ unattributed"
                + " .*, 1 rejected \\{invalid_amount=1\\}: as planted\\n.*"),
        "conversions as planted:\n" + out);
    assertTrue(
        out.matches(
            "(?s).*\\n  lead \\S+ by contact hs-contact-90210 alone \\(no click id, no visitor\\):"
                + " credited to the contact's last click \\S+ on \\S+\\n.*"),
        "the contact's lead credited by its contact:\n" + out);
    assertTrue(
        out.matches(
            "(?s).*\\n  late conversion \\S+ \\(sale\\), sent \\d+ min after it happened:"
                + " credited to its click \\S+ on \\S+\\n.*"),
        "the late conversion attributed:\n" + out);
    assertTrue(
        out.matches(
            "(?s).*\\nCRM signal: contact hs-contact-90210 clicked 2 links tagged pricing within"
                + " \\d+ min -> rule pricing-interest signal \\w+, delivered once to the local"
                + " receiver\\n.*"),
        "one CRM signal, delivered once:\n" + out);
    assertTrue(
        out.matches("(?s).*\\nClick feed: 2 items delivered in signed batches .*: OK\\n.*"),
        "the click feed delivered:\n" + out);
    assertTrue(out.contains("(all signatures valid)"), out);
    assertProcessesGone(out);
    assertReportShowsTheRun(reportPath(out));
  }

  /** The run's own report, rendered by a real browser: charts drawn, every incident detected. */
  private static void assertReportShowsTheRun(Path report) {
    RenderedDom dom =
        new RenderedDom(
            HeadlessChromium.inside(Paths.get("target", "local-run-report")).dumpDom(report));
    assertEquals("true", dom.select("body", null).get(0).attr("data-rendered"), "script ran");
    assertTrue(dom.byId("traffic-chart").longAttr("data-series") >= 4, "sources drawn");
    assertEquals(10, dom.byId("top-links-chart").longAttr("data-bars"), "top links drawn");
    assertTrue(dom.byId("alerts-chart").longAttr("data-markers") >= 5, "alerts on the timeline");
    assertEquals(3, dom.select("tr", "conversion-row").size(), "lead, sale and signup rows");
    List<RenderedDom.Element> signals = dom.select("tr", "crm-signal-row");
    assertEquals(1, signals.size(), "the one CRM signal");
    assertEquals("hs-contact-90210", signals.get(0).attr("data-subject"));
    List<RenderedDom.Element> incidents = dom.select("tr", "incident");
    assertEquals(INCIDENTS.size(), incidents.size(), "planted incidents listed");
    for (RenderedDom.Element incident : incidents) {
      assertEquals("detected", incident.attr("data-status"), incident.attr("data-incident"));
    }
  }

  @Test
  void interruptStopsEveryProcessAndKeepsTheData() throws Exception {
    Path output = Files.createTempFile(Paths.get("target"), "local-run-interrupted", ".out");
    Process run = launch(output, "--duration", "10m", "--rate", "50");
    String started = awaitOutput(output, "Sending scenario", Duration.ofMinutes(4));
    // What Ctrl-C does: SIGINT to the JVM, which runs its shutdown hooks.
    new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).start().waitFor();
    assertTrue(run.waitFor(2, TimeUnit.MINUTES), "the run stopped on SIGINT");
    String out = Files.readString(output, StandardCharsets.UTF_8);
    assertProcessesGone(started);
    Matcher dir = Pattern.compile("Run directory (\\S+)").matcher(out);
    assertTrue(dir.find(), out);
    assertTrue(Files.isDirectory(Paths.get(dir.group(1), "clickhouse")), "data kept: " + out);
  }

  private static Process launch(Path output, String... args) throws Exception {
    String classpath =
        Paths.get("target", "classes").toAbsolutePath()
            + File.pathSeparator
            + Files.readString(Paths.get("target", "runtime.classpath")).strip();
    List<String> command =
        new ArrayList<>(
            List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dclickpulse.workDir="
                    + Paths.get(System.getProperty("clickpulse.workDir", "target/clickpulse-work"))
                        .toAbsolutePath(),
                "-cp",
                classpath,
                "io.clickpulse.local.LocalRun"));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .directory(Paths.get("..").toFile()) // the job jar is found from the project root
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
  }

  private static String awaitOutput(Path output, String text, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String out = Files.readString(output, StandardCharsets.UTF_8);
      if (out.contains(text)) {
        return out;
      }
      Thread.sleep(200); // polling a file another process writes
    }
    throw new AssertionError("'" + text + "' never appeared:\n" + Files.readString(output));
  }

  /** Kafka, ClickHouse and the TaskManager print their pids; none may outlive the run. */
  private static void assertProcessesGone(String out) {
    Matcher pids = PID.matcher(out);
    int found = 0;
    while (pids.find()) {
      found++;
      long pid = Long.parseLong(pids.group(1));
      assertFalse(
          ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false),
          "process " + pid + " still running");
    }
    assertEquals(3, found, "pids printed:\n" + out);
  }

  private static long number(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  private static Path reportPath(String out) {
    Matcher m = Pattern.compile("Report:\\s+file://(\\S+)").matcher(out);
    assertTrue(m.find(), out);
    return Paths.get(m.group(1));
  }
}
