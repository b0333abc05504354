package io.clickpulse.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.stack.ClickHouseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Scenario 7: the production accounts of {@code docker/clickhouse/users.xml} on the real ClickHouse
 * engine. The migrator creates the schema, the pipeline job and then the alert delivery job run as
 * the writer (migrations off, as in docker/ and k8s) and store clicks and delivery attempts, the
 * dashboards' reader reads them; the reader cannot write, the writer cannot drop or alter.
 */
@Order(7)
@Tag("engines")
class LeastPrivilegeITCase {
  /** Generated records and minutes of event time: a small stream, sparse partitions. */
  static final long EVENTS = 5_000;

  static final int MINUTES = 60;

  private static final String DATABASE = "clickpulse";
  private static final String MIGRATOR = "clickpulse_migrator";
  private static final String WRITER = "clickpulse_writer";
  private static final String READER = "clickpulse_reader";

  @Test
  @Timeout(300)
  void readerCannotWriteAndWriterCannotDropWhileTheJobRunsAsTheWriter() throws IOException {
    ReliabilityStack stack = ReliabilityStack.get();
    ClickHouseServer clickhouse = stack.clickhouse();
    Scenario scenario = new Scenario("s7_least_privilege").createPipelineTopics(stack);
    new ClickHouseMigrations(clickhouse.jdbcUrl(DATABASE), MIGRATOR, password(MIGRATOR)).apply();

    // The job as deployed in docker/: writer account, migrations left to the migrator, the
    // password in a file rather than on the command line.
    Path config = stack.dir().resolve("writer.properties");
    Files.writeString(config, "clickhouse.password=" + password(WRITER) + "\n");
    ClickStream stream = new ClickStream(EVENTS, MINUTES, 7);
    try (ReliabilityStack.Job job =
        stack.submit(
            ReliabilityStack.PIPELINE,
            List.of(
                "--config", config.toString(),
                "--kafka.bootstrap-servers", stack.kafka().bootstrapServers(),
                "--kafka.topic.raw", scenario.rawTopic(),
                "--kafka.topic.dead-letter", scenario.deadLetterTopic(),
                "--kafka.topic.alerts", scenario.alertsTopic(),
                "--kafka.group-id", scenario.name(),
                "--kafka.transactional-id-prefix", scenario.name(),
                "--clickhouse.url", clickhouse.jdbcUrl(DATABASE),
                "--clickhouse.user", WRITER,
                "--clickhouse.apply-migrations", "false",
                "--checkpoint.interval", "2 s"))) {
      stream.send(stack.kafka().bootstrapServers(), scenario.rawTopic());
      Await.until(
          stream.expected().stored + " clicks stored by the writer",
          Duration.ofMinutes(3),
          () -> count(READER, "SELECT count() FROM clicks FINAL") == stream.expected().stored,
          () -> String.valueOf(count("default", "SELECT count() FROM clicks FINAL")));
      assertEquals(0, stack.flink().restarts(job.id()), "the writer's rights suffice for the job");
    }
    long expected = stream.expected().stored;
    long attempts = deliverAsTheWriter(stack, scenario, config, stream.expected().alerts.size());

    for (String write :
        List.of(
            "INSERT INTO clicks (event_id, link_id) VALUES ('forged', 'x')",
            "CREATE TABLE forged (x UInt8) ENGINE = Memory",
            "ALTER TABLE clicks DELETE WHERE 1",
            "TRUNCATE TABLE clicks",
            "DROP TABLE clicks")) {
      assertDenied(READER, write);
    }
    for (String destructive :
        List.of(
            "DROP TABLE clicks",
            "DROP TABLE clicks_hourly",
            "DROP DATABASE clickpulse",
            "TRUNCATE TABLE clicks",
            "ALTER TABLE clicks DELETE WHERE 1",
            "ALTER TABLE clicks DROP COLUMN user_agent",
            "CREATE TABLE forged (x UInt8) ENGINE = Memory")) {
      assertDenied(WRITER, destructive);
    }
    assertThrows(
        IllegalStateException.class,
        () -> clickhouse.query("SELECT 1", Map.of(), DATABASE, READER, "wrong-password"),
        "a wrong password is refused");
    assertEquals(expected, count(READER, "SELECT count() FROM clicks FINAL"), "nothing changed");
    Report.figure(
        scenario,
        "job as %s stored %d clicks with 0 restarts, the delivery job as %s recorded %d"
            + " delivery attempts with 0 restarts; %s denied 5 writes, %s denied 7 drops,"
            + " truncates and alters (ACCESS_DENIED)",
        WRITER,
        expected,
        WRITER,
        attempts,
        READER,
        WRITER);
  }

  /**
   * The delivery job as docker/ and k8s run it: the writer account, migrations off, the password
   * from the same file. It delivers the scenario's alerts to a local receiver and records each
   * attempt; returns how many it recorded.
   */
  private static long deliverAsTheWriter(
      ReliabilityStack stack, Scenario scenario, Path config, int alerts) throws IOException {
    assertTrue(alerts > 0, "the stream plants alerts to deliver");
    stack.kafka().createTopics(ReliabilityStack.SLOTS, scenario.deliveryDeadLetterTopic());
    try (FlakyReceiver receiver =
        new FlakyReceiver("least-privilege", n -> FlakyReceiver.Reply.ok()).up()) {
      Path url = Files.writeString(stack.dir().resolve("least-privilege.url"), receiver.url());
      Path secret =
          Files.writeString(stack.dir().resolve("least-privilege.secret"), receiver.secret);
      Path routes =
          Files.writeString(
              stack.dir().resolve("least-privilege.yaml"),
              String.join(
                  "\n",
                  "destinations:",
                  "  hook: { type: webhook, url-file: '"
                      + url
                      + "', secrets-file: '"
                      + secret
                      + "' }",
                  "routes:",
                  "  - { to: [hook] }",
                  "grouping: { group-wait: '0 s', group-interval: '1 s' }",
                  "outbound: { allowed-hosts: ['127.0.0.1'] }",
                  ""));
      try (ReliabilityStack.Job job =
          stack.submit(
              ReliabilityStack.DELIVERY,
              List.of(
                  "--config",
                  config.toString(),
                  "--kafka.bootstrap-servers",
                  stack.kafka().bootstrapServers(),
                  "--kafka.topic.alerts",
                  scenario.alertsTopic(),
                  "--kafka.topic.delivery-dead-letter",
                  scenario.deliveryDeadLetterTopic(),
                  "--kafka.group-id",
                  scenario.name() + "-delivery",
                  "--kafka.transactional-id-prefix",
                  scenario.name() + "-delivery",
                  "--kafka.starting-offsets",
                  "earliest",
                  "--clickhouse.url",
                  stack.clickhouse().jdbcUrl(DATABASE),
                  "--clickhouse.user",
                  WRITER,
                  "--clickhouse.apply-migrations",
                  "false",
                  "--delivery.config-file",
                  routes.toString(),
                  "--checkpoint.interval",
                  "2 s"))) {
        Await.until(
            "delivery attempts recorded by the writer",
            Duration.ofMinutes(2),
            () ->
                !receiver.requests.isEmpty()
                    && count(READER, "SELECT count() FROM alert_deliveries") > 0,
            () ->
                receiver.requests.size()
                    + " requests received, job "
                    + stack.flink().jobState(job.id()));
        assertEquals(
            0,
            stack.flink().restarts(job.id()),
            "the writer's rights suffice for the delivery job");
        return count(READER, "SELECT count() FROM alert_deliveries");
      }
    }
  }

  private static void assertDenied(String user, String sql) {
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () ->
                ReliabilityStack.get()
                    .clickhouse()
                    .query(sql, Map.of(), DATABASE, user, password(user)),
            user + " must not run: " + sql);
    // ACCESS_DENIED (497) or, for the read-only profile, READONLY (164): refused for lack of
    // rights, not for some other error.
    assertTrue(
        e.getMessage().contains("ACCESS_DENIED") || e.getMessage().contains("READONLY"),
        user + " / " + sql + ": " + e.getMessage());
  }

  private static long count(String user, String sql) {
    return Long.parseLong(
        ReliabilityStack.get()
            .clickhouse()
            .query(sql, Map.of(), DATABASE, user, password(user))
            .strip());
  }

  private static String password(String user) {
    return user.equals("default") ? "" : ReliabilityStack.CLICKHOUSE_PASSWORDS.get(user);
  }
}
