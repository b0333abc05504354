package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.KafkaSettings;
import io.clickpulse.jobs.kafka.KafkaTopics;
import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ./clickpulse replay-deliveries}: sends the notifications on the delivery dead-letter topic
 * again, with their original webhook-id (receivers dedup on it), on the configured retry schedule,
 * recording each attempt in {@code alert_deliveries}. Options: {@code --destination NAME} and
 * {@code --webhook-id ID} narrow it down. Exits with 1 if anything still failed.
 *
 * <p>Idempotent per destination and webhook id: a notification {@code alert_deliveries} records as
 * delivered (by the job, or {@code replayed} by an earlier run) is not sent again, nor one that
 * appears twice on the topic. So running it again after a partial failure sends only what failed.
 */
public final class DeliveryReplay {
  /**
   * What happened to each dead letter: sent and delivered, sent and failed again, not wanted (the
   * options, or not a notification), or not sent because it was delivered before.
   */
  public record Summary(int delivered, int failed, int skipped, int alreadyDelivered) {}

  /** Why a dead letter is not sent; null when it is. */
  enum Skip {
    NOT_WANTED,
    ALREADY_DELIVERED
  }

  /**
   * Whether to send {@code letter}: it must be a notification (not an unreadable record), match the
   * options, and not have been delivered already (recorded, or earlier in this run).
   */
  static Skip skip(
      DeliveryDeadLetter letter,
      String destination,
      String webhookId,
      boolean recordedAsDelivered,
      Set<String> deliveredThisRun) {
    boolean wanted =
        (letter.alert != null || letter.feed != null)
            && letter.destination != null
            && !letter.destination.isEmpty()
            // Ticket steps (docs/delivery.md, Tickets) are not notifications: not replayed.
            && (letter.webhookId == null || !letter.webhookId.startsWith("ticket."))
            && (destination == null || destination.equals(letter.destination))
            && (webhookId == null || webhookId.equals(letter.webhookId));
    if (!wanted) {
      return Skip.NOT_WANTED;
    }
    if (recordedAsDelivered || deliveredThisRun.contains(key(letter))) {
      return Skip.ALREADY_DELIVERED;
    }
    return null;
  }

  static String key(DeliveryDeadLetter letter) {
    return letter.destination + "\n" + letter.webhookId;
  }

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
        "replayed: %d delivered, %d failed again, %d skipped, %d delivered before%n",
        summary.delivered(), summary.failed(), summary.skipped(), summary.alreadyDelivered());
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
    int alreadyDelivered = 0;
    Set<String> deliveredThisRun = new HashSet<>();
    try (CommandLineSender sender =
        new CommandLineSender(config, environment, clickhouseUrl, user, password)) {
      for (DeliveryDeadLetter letter : letters) {
        Skip skip = skip(letter, destination, webhookId, false, deliveredThisRun);
        if (skip == null && sender.wasDelivered(letter.destination, letter.webhookId)) {
          skip = Skip.ALREADY_DELIVERED;
        }
        if (skip == Skip.NOT_WANTED) {
          skipped++;
        } else if (skip == Skip.ALREADY_DELIVERED) {
          alreadyDelivered++;
          System.out.printf(
              "%s -> %s: delivered before, not sent again%n", letter.webhookId, letter.destination);
        } else if (sender.send(
            letter.destination,
            letter.webhookId,
            letter.notification().subject(),
            letter.notification().body(),
            letter.attempts + 1,
            "replayed")) {
          delivered++;
          deliveredThisRun.add(key(letter));
        } else {
          failed++;
        }
      }
    }
    return new Summary(delivered, failed, skipped, alreadyDelivered);
  }
}
