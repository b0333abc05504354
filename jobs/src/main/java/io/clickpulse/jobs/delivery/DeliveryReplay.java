package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

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
  private final String user;
  private final String password;

  public DeliveryReplay(
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment environment,
      String clickhouseUrl,
      String user,
      String password) {
    this.config = config;
    this.environment = environment;
    this.clickhouseUrl = clickhouseUrl;
    this.user = user;
    this.password = password;
  }

  public static void main(String[] args) throws Exception {
    Settings s = Settings.load(args, System.getenv());
    String bootstrap = KafkaSettings.bootstrapServers(s);
    String topic = s.string("kafka.topic.delivery-dead-letter", "alerts.dlq");
    String file = s.required("delivery.config-file");
    ClickHouseSettings clickhouse = ClickHouseSettings.connection(s);
    String destination = s.string("destination", null);
    String webhookId = s.string("webhook-id", null);
    s.validate();
    DeliverNotifications.SerializableEnvironment env = System::getenv;
    DeliveryConfig config = DeliveryConfig.load(Paths.get(file), env);
    Summary summary =
        new DeliveryReplay(config, env, clickhouse.url(), clickhouse.user(), clickhouse.password())
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
        letters.add(Json.MAPPER.readValue(value, DeliveryDeadLetter.class));
      } catch (java.io.IOException e) {
        System.out.println(
            "skipping a record that is not a delivery dead letter: " + e.getMessage());
      }
    }
    return letters;
  }

  public Summary replay(List<DeliveryDeadLetter> letters, String destination, String webhookId)
      throws InterruptedException, SQLException {
    int delivered = 0;
    int failed = 0;
    int skipped = 0;
    try (CommandLineSender sender =
        new CommandLineSender(config, environment, clickhouseUrl, user, password)) {
      for (DeliveryDeadLetter letter : letters) {
        boolean wanted =
            letter.alert != null
                && !letter.destination.isEmpty()
                && (destination == null || destination.equals(letter.destination))
                && (webhookId == null || webhookId.equals(letter.webhookId));
        if (!wanted) {
          skipped++;
        } else if (sender.send(
            letter.destination,
            letter.webhookId,
            letter.alert.alertId,
            letter.notification().body(),
            letter.attempts + 1,
            "replayed")) {
          delivered++;
        } else {
          failed++;
        }
      }
    }
    return new Summary(delivered, failed, skipped);
  }
}
