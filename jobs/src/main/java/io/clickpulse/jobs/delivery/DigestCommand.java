package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * {@code ./clickpulse digest}: sends the daily digest (default: yesterday, UTC) to every
 * destination with {@code digest: true} (the default), once: for one-off sends. Regular digests go
 * out from the delivery job on each route's {@code digest:} schedule ({@link
 * DigestScheduleOperator}). The webhook-id {@code digest.<destination>.<day>} lets receivers drop a
 * second run of the same day.
 */
public final class DigestCommand {
  private DigestCommand() {}

  public static void main(String[] args) throws Exception {
    Settings s = Settings.load(args, System.getenv());
    String file = s.required("delivery.config-file");
    ClickHouseSettings clickhouse = ClickHouseSettings.connection(s);
    String day = s.string("day", LocalDate.now(ZoneOffset.UTC).minusDays(1).toString());
    s.validate();
    DeliverNotifications.SerializableEnvironment env = System::getenv;
    DeliveryConfig config = DeliveryConfig.load(Paths.get(file), env);
    int failed =
        send(
            config,
            env,
            clickhouse.url(),
            clickhouse.user(),
            clickhouse.password(),
            LocalDate.parse(day));
    System.exit(failed == 0 ? 0 : 1);
  }

  /** A digest as every destination type renders it. */
  static HttpDelivery.Body body(Digest digest) {
    return new HttpDelivery.Body() {
      @Override
      public String slack() {
        return digest.slack();
      }

      @Override
      public String webhook(long sentAtMillis) {
        return digest.webhook(sentAtMillis);
      }

      @Override
      public EmailMessages.Email email() {
        return EmailMessages.of(digest);
      }
    };
  }

  /** Sends the digest of {@code day}; returns how many destinations it could not reach. */
  public static int send(
      DeliveryConfig config,
      DeliverNotifications.SerializableEnvironment env,
      String clickhouseUrl,
      String user,
      String password,
      LocalDate day)
      throws Exception {
    Digest digest = Digest.query(clickhouseUrl, user, password, day);
    HttpDelivery.Body body = body(digest);
    int failed = 0;
    try (CommandLineSender sender =
        new CommandLineSender(config, env, clickhouseUrl, user, password)) {
      for (String destination : config.digestDestinations()) {
        String id = "digest." + destination + "." + day;
        if (!sender.send(destination, id, id, body, 1, "delivered")) {
          failed++;
        }
      }
    }
    return failed;
  }
}
