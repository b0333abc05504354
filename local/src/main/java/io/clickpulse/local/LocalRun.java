package io.clickpulse.local;

import io.clickpulse.jobs.AlertDeliveryJob;
import io.clickpulse.jobs.ClickPipelineJob;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.local.report.HtmlReport;
import io.clickpulse.local.report.IncidentOutcome;
import io.clickpulse.stack.WorkDirs;
import io.clickpulse.stack.traffic.RealisticTraffic;
import io.clickpulse.stack.traffic.TrafficRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * {@code ./clickpulse run}: the whole product on the embedded engines. Starts Kafka, ClickHouse, a
 * standalone Flink cluster and a local Slack/webhook receiver; applies migrations; submits the
 * pipeline and the alert delivery jobs; sends a scenario's traffic for a few minutes while printing
 * progress; then drains the pipeline, reconciles every event, pairs each planted incident with its
 * alert and notification, and writes an HTML report. See {@link LocalRunOptions} for the options.
 */
public final class LocalRun {
  static final String DATABASE = "clickpulse";
  private static final String RAW_TOPIC = "clicks.raw";

  private static final int DEMO_LINKS = 100;

  /** Redirect-service instances sending the demo's traffic; the first one's clock is fast. */
  private static final int DEMO_PRODUCERS = 8;

  private static final Duration DEMO_PRODUCER_SKEW = Duration.ofMinutes(4);

  /** Local time of day where the demo's traffic ends. */
  private static final LocalTime DEMO_ENDS_AT = LocalTime.of(12, 30);

  private static final String ALERTS_TOPIC = "alerts";

  /** The link events the traffic model publishes, as a shortener would (docs/links.md). */
  private static final String LINKS_TOPIC = "links";

  /**
   * The links topic is quiet between link events; idle after 2 s (2 min of the demo's event time)
   * it stops holding back the clicks' watermark, instead of the production minute (an hour here).
   */
  private static final String LINKS_IDLE_TIMEOUT = "2 s";

  /**
   * After the traffic, how long the stored counts may stand still before the run drains the job:
   * well within {@code aggregate.idle-timeout} (1 min), so that the drain's final watermark still
   * flows from the sources and the last minutes' alerts are judged too.
   */
  private static final Duration SETTLED = Duration.ofSeconds(10);

  /** The demo's conversions, its CRM signals and its click feed (issue #18). */
  static final String CONVERSIONS_TOPIC = "conversions";

  static final String CRM_SIGNALS_TOPIC = "crm_signals";
  static final String CLICK_FEED_TOPIC = "click_feed";

  private static final List<String> TOPICS =
      List.of(
          RAW_TOPIC,
          "clicks.dlq",
          ALERTS_TOPIC,
          "alerts.dlq",
          LINKS_TOPIC,
          CONVERSIONS_TOPIC,
          CRM_SIGNALS_TOPIC,
          CLICK_FEED_TOPIC);

  private final LocalRunOptions options;
  private final Path runDir;
  private final long startNanos = System.nanoTime();

  private LocalRun(LocalRunOptions options, Path runDir) {
    this.options = options;
    this.runDir = runDir;
  }

  public static void main(String[] args) throws Exception {
    LocalRunOptions options;
    try {
      options = LocalRunOptions.parse(Settings.load(args, System.getenv()), System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("clickpulse run: " + e.getMessage());
      System.exit(2);
      return;
    }
    Path runDir =
        WorkDirs.createDirectories(
            WorkDirs.workDir()
                .resolve(
                    "run-"
                        + LocalDateTime.now()
                            .format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    System.setProperty("clickpulse.logFile", runDir.resolve("run.log").toString());
    boolean ok = new LocalRun(options, runDir).run();
    System.exit(ok ? 0 : 1);
  }

  private boolean run() throws Exception {
    step("Run directory " + runDir);
    LocalStack stack = LocalStack.start(runDir, this::step);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stack.close();
                  if (options.clean()) {
                    deleteRecursively(runDir);
                  }
                }));
    try (stack) {
      stack.kafka.createTopics(2, TOPICS.toArray(String[]::new));
      String clickhouseUrl = stack.clickhouse.jdbcUrl(DATABASE);
      new ClickHouseMigrations(clickhouseUrl, "default", "").apply();
      step("Topics " + TOPICS + " created; ClickHouse migrations applied");

      String jar = stack.flink.uploadJar(LocalCluster.jobJar());
      String pipeline =
          stack.flink.run(jar, ClickPipelineJob.class.getName(), pipelineArgs(stack), null);
      String delivery =
          stack.flink.run(
              jar,
              AlertDeliveryJob.class.getName(),
              deliveryArgs(
                  stack,
                  DeliveryFile.write(
                      runDir, stack.receiver, options, CRM_SIGNALS_TOPIC, CLICK_FEED_TOPIC)),
              null);
      stack.flink.awaitRunning(pipeline, Duration.ofMinutes(2));
      stack.flink.awaitRunning(delivery, Duration.ofMinutes(2));
      step("Pipeline and alert delivery jobs running on Flink (" + stack.flink.restUrl() + ")");

      RunSummary summary;
      try (AlertWatcher alerts = new AlertWatcher(stack.kafka.bootstrapServers(), ALERTS_TOPIC)) {
        TrafficRun traffic = new TrafficRun(trafficOptions(stack));
        step(
            "Sending scenario '"
                + options.scenario()
                + "' for "
                + options.duration().toSeconds()
                + " s at up to "
                + options.rate()
                + " events/s, event time ×"
                + options.speedup());
        TrafficRun.Result sent;
        try (ProgressLine progress =
            ProgressLine.start(traffic, stack, alerts, DATABASE, this::elapsedSeconds)) {
          sent = traffic.run();
          progress.finishLine();
          step("Traffic done: " + sent.ledger());
          long total = sent.ledger().total();
          // The last seconds of clicks wait in the job for the watermark (and the bot patterns'
          // verdict), which no click moves any more: the drain below sends them on. Wait for the
          // rest, until nothing more arrives.
          AtomicLong lastCount = new AtomicLong(-1);
          AtomicLong lastChange = new AtomicLong(System.nanoTime());
          awaitOrWarn(
              "every event to be accounted for",
              () -> {
                long accounted = PipelineCounts.query(stack.clickhouse, DATABASE).accountedFor();
                if (accounted != lastCount.getAndSet(accounted)) {
                  lastChange.set(System.nanoTime());
                }
                return accounted >= total
                    || System.nanoTime() - lastChange.get() > SETTLED.toNanos();
              },
              Duration.ofMinutes(3));
          step("Draining the pipeline (stop with savepoint: last minutes close, sinks flush) ...");
          stack.flink.stopWithSavepoint(pipeline, true);
          // The drain committed the last alerts to Kafka and ClickHouse together: wait until the
          // watcher has seen all of them, and the receiver has got each.
          awaitOrWarn(
              "every alert to be delivered",
              () ->
                  alerts.firing() >= PipelineCounts.query(stack.clickhouse, DATABASE).firingAlerts()
                      && alerts.alerts().stream()
                          .allMatch(a -> stack.receiver.webhookArrival(a.alertId()) != null),
              Duration.ofMinutes(2));
          // The drain also committed the last CRM signals and click-feed items: wait for their
          // feeds to post them.
          long feedItems = sent.contact() == null ? 0 : sent.contact().clicks();
          awaitOrWarn(
              "the CRM signals and click feed to be delivered",
              () ->
                  stack.receiver.crmSignals().size() >= crmSignalsStored(stack)
                      && stack.receiver.feedItems().size() >= feedItems,
              Duration.ofMinutes(1));
          stack.flink.stopWithSavepoint(delivery, false);
          progress.finishLine();
        }
        summary = new RunSummary(options, sent, alerts.alerts(), stack, DATABASE);
      }
      List<IncidentOutcome> outcomes = summary.incidents();
      List<String> lines = summary.lines();
      Path report =
          new HtmlReport(stack.clickhouse::query, DATABASE)
              .write(runDir.resolve("report.html"), summary.from(), summary.to(), lines, outcomes);
      System.out.println();
      lines.forEach(System.out::println);
      System.out.println("Report:  " + report.toUri());
      System.out.println(
          "Data:    "
              + runDir
              + " (ClickHouse data, Kafka log, Flink logs, run.log)"
              + (options.clean() ? "; removed at exit (--clean)" : ""));
      if (options.keepRunning()) {
        keepRunning(stack);
      }
      step("Stopping everything this run started");
      return summary.ok();
    }
  }

  private List<String> pipelineArgs(LocalStack stack) {
    return List.of(
        "--kafka.bootstrap-servers",
        stack.kafka.bootstrapServers(),
        "--clickhouse.url",
        stack.clickhouse.jdbcUrl(DATABASE),
        "--privacy.visitor-hash-secret",
        options.visitorHashSecret(),
        "--kafka.topic.links",
        LINKS_TOPIC,
        "--kafka.topic.conversions",
        CONVERSIONS_TOPIC,
        "--kafka.topic.crm-signals",
        CRM_SIGNALS_TOPIC,
        "--kafka.topic.click-feed",
        CLICK_FEED_TOPIC,
        // The bundled alert rules, plus the CRM rule and click-feed links of the planted contact.
        "--alerts.rules-file",
        DemoRules.write(runDir).toString(),
        "--aggregate.links-idle-timeout",
        LINKS_IDLE_TIMEOUT,
        "--checkpoint.interval",
        "2 s",
        "--parallelism",
        "2");
  }

  private static List<String> deliveryArgs(LocalStack stack, Path deliveryFile) {
    return List.of(
        "--kafka.bootstrap-servers", stack.kafka.bootstrapServers(),
        "--clickhouse.url", stack.clickhouse.jdbcUrl(DATABASE),
        "--delivery.config-file", deliveryFile.toString(),
        "--checkpoint.interval", "2 s");
  }

  private TrafficRun.Options trafficOptions(LocalStack stack) {
    long end = System.currentTimeMillis() + options.duration().toMillis();
    return new TrafficRun.Options(
        stack.kafka.bootstrapServers(),
        RAW_TOPIC,
        options.rate(),
        options.duration(),
        options.speedup(),
        null,
        RealisticTraffic.Options.builder()
            .seed(options.seed())
            .scenario(options.scenario())
            // Not 100,000: the alert rules observe every clicked link each minute for 2 hours,
            // so a long tail of links costs the job far more than its clicks (docs/traffic.md).
            .links(DEMO_LINKS)
            // The demo shows a morning rising to the midday peak, whenever it runs.
            .zone(RealisticTraffic.zoneWhereItIs(DEMO_ENDS_AT, end))
            // What production sees and the job copes with (docs/events.md, "Event time"): one
            // redirect instance whose clock is 4 minutes fast, and garbage dated now, hours ahead
            // of the compressed traffic (the model's default share), neither of which may move
            // the watermark.
            .producers(DEMO_PRODUCERS)
            .producerSkew(DEMO_PRODUCER_SKEW)
            .build(),
        // The links' events, the planted lifecycle problems among them.
        LINKS_TOPIC,
        // Conversions of some human clicks, one late and one malformed among them.
        CONVERSIONS_TOPIC);
  }

  private static long crmSignalsStored(LocalStack stack) {
    return Long.parseLong(
        stack
            .clickhouse
            .query("SELECT count() FROM crm_signals FINAL", java.util.Map.of(), DATABASE)
            .strip());
  }

  private void keepRunning(LocalStack stack) throws InterruptedException {
    System.out.println();
    System.out.println("Still running (--keep-running); Ctrl-C stops everything.");
    System.out.println(
        "  ClickHouse HTTP: " + stack.clickhouse.httpUrl() + "  (database " + DATABASE + ")");
    System.out.println("  Flink UI:        " + stack.flink.restUrl());
    System.out.println("  Kafka:           " + stack.kafka.bootstrapServers());
    new CountDownLatch(1).await();
  }

  private void awaitOrWarn(String what, BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        step("Gave up waiting for " + what + " after " + timeout.toSeconds() + " s (see below)");
        return;
      }
      Thread.sleep(250); // polling an external system; the condition is re-checked each time
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + dir + ": " + e.getMessage());
    }
  }

  private double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private void step(String message) {
    System.out.printf("[%6.1f s] %s%n", elapsedSeconds(), message);
  }
}
