package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.DeliveriesTable;
import io.clickpulse.jobs.config.Settings;
import io.clickpulse.jobs.pipeline.EventJson;
import io.clickpulse.jobs.pipeline.KafkaTopics;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;

/**
 * {@code ./clickpulse replay-deliveries}: sends the notifications on the delivery dead-letter topic
 * again, with their original webhook-id (receivers dedup on it), on the configured retry schedule,
 * recording each attempt in {@code alert_deliveries}. Options: {@code --destination NAME} and
 * {@code --webhook-id ID} narrow it down. Exits with 1 if anything still failed.
 */
public final class DeliveryReplay {
  /** What happened to each dead letter. */
  public record Summary(int delivered, int failed, int skipped) {}

  private final DeliveryConfig config;
  private final DeliverNotifications.SerializableEnvironment environment;
  private final String clickhouseUrl;
  private final Properties credentials = new Properties();

  public DeliveryReplay(
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment environment,
      String clickhouseUrl,
      String user,
      String password) {
    this.config = config;
    this.environment = environment;
    this.clickhouseUrl = clickhouseUrl;
    credentials.setProperty("user", user);
    credentials.setProperty("password", password);
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.load(args, System.getenv());
    String bootstrap = s.required("kafka.bootstrap-servers");
    String topic = s.string("kafka.topic.delivery-dead-letter", "alerts.dlq");
    String file = s.required("delivery.config-file");
    String clickhouse = s.required("clickhouse.url");
    String user = s.string("clickhouse.user", "default");
    String password = s.string("clickhouse.password", "");
    String destination = s.string("destination", null);
    String webhookId = s.string("webhook-id", null);
    s.validate();
    DeliverNotifications.SerializableEnvironment env = System::getenv;
    DeliveryConfig config = DeliveryConfig.load(Paths.get(file), env);
    Summary summary =
        new DeliveryReplay(config, env, clickhouse, user, password)
            .replay(read(bootstrap, topic), destination, webhookId);
    System.out.printf(
        "replayed: %d delivered, %d failed again, %d skipped%n",
        summary.delivered(), summary.failed(), summary.skipped());
    System.exit(summary.failed() == 0 ? 0 : 1);
  }

  /** Every committed dead letter on the topic. */
  public static List<DeliveryDeadLetter> read(String bootstrapServers, String topic) {
    List<DeliveryDeadLetter> letters = new ArrayList<>();
    for (byte[] value : KafkaTopics.readCommitted(bootstrapServers, topic)) {
      try {
        letters.add(EventJson.MAPPER.readValue(value, DeliveryDeadLetter.class));
      } catch (java.io.IOException e) {
        System.out.println(
            "skipping a record that is not a delivery dead letter: " + e.getMessage());
      }
    }
    return letters;
  }

  public Summary replay(List<DeliveryDeadLetter> letters, String destination, String webhookId)
      throws InterruptedException, SQLException {
    HttpDelivery http =
        new HttpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    RetrySchedule schedule = config.retrySchedule();
    Random random = new Random();
    int delivered = 0;
    int failed = 0;
    int skipped = 0;
    try (Connection c = DriverManager.getConnection(clickhouseUrl, credentials);
        PreparedStatement insert = c.prepareStatement(DeliveriesTable.INSERT)) {
      for (DeliveryDeadLetter letter : letters) {
        boolean wanted =
            letter.alert != null
                && !letter.destination.isEmpty()
                && (destination == null || destination.equals(letter.destination))
                && (webhookId == null || webhookId.equals(letter.webhookId));
        if (!wanted) {
          skipped++;
          continue;
        }
        Notification n = letter.notification();
        DeliveryConfig.ResolvedDestination target =
            config.resolve(n.destination, environment, config.outboundPolicy());
        boolean ok = false;
        for (int attempt = 1; ; attempt++) {
          long now = System.currentTimeMillis();
          HttpDelivery.Result result = http.send(target, n, now);
          RetrySchedule.Outcome outcome = RetrySchedule.classify(result.status());
          ok = outcome == RetrySchedule.Outcome.DELIVERED;
          Duration wait =
              outcome == RetrySchedule.Outcome.RETRY
                  ? schedule.next(attempt, random.nextDouble(), result.retryAfter())
                  : null;
          record(
              insert,
              n,
              letter.attempts + attempt,
              now,
              result,
              ok ? "replayed" : wait == null ? "dead_letter" : "retry");
          System.out.printf(
              "%s -> %s: %s%n", n.webhookId, n.destination, ok ? "delivered" : result.error());
          if (ok || wait == null) {
            break;
          }
          Thread.sleep(wait.toMillis()); // a command-line tool: waiting is its job
        }
        if (ok) {
          delivered++;
        } else {
          failed++;
        }
      }
    }
    return new Summary(delivered, failed, skipped);
  }

  private static void record(
      PreparedStatement insert,
      Notification n,
      int attempt,
      long now,
      HttpDelivery.Result r,
      String outcome)
      throws SQLException {
    DeliveriesTable.STATEMENT_BUILDER.accept(
        insert, DeliveryAttempt.of(n, attempt, now, r, outcome));
    insert.executeUpdate();
  }
}
