package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.standardwebhooks.Webhook;
import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The daily digest, read from the real ClickHouse and sent to local receivers (and SMTP). */
@Tag("engines")
class DigestITCase {
  private static final LocalDate DAY = LocalDate.now(ZoneOffset.UTC).minusDays(2);

  @Test
  @Timeout(120)
  void digestListsTopGrowingBrokenAndSilentLinksAndReachesEveryDestination() throws Exception {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String db = Engines.unique("digest");
    new ClickHouseMigrations(clickhouse.jdbcUrl(db), "default", "").apply();
    List<String> rows = new ArrayList<>();
    clicks(rows, "l1", "c1", 0, 20, 302);
    clicks(rows, "l2", "c1", 0, 12, 302);
    clicks(rows, "l2", "c1", -1, 2, 302);
    clicks(rows, "l3", "c2", 0, 4, 302);
    clicks(rows, "l3", "c2", 0, 3, 502);
    clicks(rows, "l4", "c4", -3, 5, 302);
    clickhouse.query(
        "INSERT INTO "
            + db
            + ".clicks (event_id, event_time, link_id, campaign_id, redirect_status) VALUES "
            + String.join(",", rows));
    // The link catalog names l3's campaign (docs/links.md): the digest shows it after the id.
    clickhouse.query(
        "INSERT INTO "
            + db
            + ".link_events (link_id, version, event_id, event_type, event_time, campaign_name)"
            + " VALUES ('l3', 1, 'le-1', 'created', now64(3), 'Winter sale')");

    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    try (var slack = new FakeReceiver();
        var hook = new FakeReceiver()) {
      String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
      String yaml =
          "destinations:\n"
              + "  slack: { type: slack, url: '"
              + slack.url("/s")
              + "' }\n"
              + "  hook: { type: webhook, url: '"
              + hook.url("/h")
              + "', secrets-env: S }\n"
              + "  quiet: { type: slack, url: '"
              + slack.url("/quiet")
              + "', digest: false }\n"
              + "  mail: { type: email, host: 127.0.0.1, tls: none, port: "
              + mail.getSmtp().getPort()
              + ", from: digest@clickpulse.example, to: [ops@shop.example] }\n"
              + "retry: { delays: ['100 ms'] }\n"
              + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
      DeliverNotifications.SerializableEnvironment env = Map.of("S", secret)::get;
      DeliveryConfig config =
          DeliveryConfig.parse(
              new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);

      assertEquals(0, DigestCommand.send(config, env, clickhouse.jdbcUrl(db), "default", "", DAY));

      assertEquals(1, slack.requests.size(), "the destination without digest gets none");
      String message = slack.requests.get(0).body();
      assertTrue(message.contains("l1: 20 human clicks"), message);
      assertTrue(message.contains("l2: 12 vs 2 the day before"), message);
      assertTrue(message.contains("l3 (Winter sale): 3 failed redirects of 7"), message);
      assertTrue(message.contains("l4 (c4)"), message);
      FakeReceiver.Request r = hook.requests.get(0);
      new Webhook(secret)
          .verify(
              r.body(),
              Map.of(
                  "webhook-id", List.of(r.header("webhook-id")),
                  "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                  "webhook-signature", List.of(r.header("webhook-signature"))));
      assertEquals("digest.hook." + DAY, r.header("webhook-id"));
      assertTrue(r.body().startsWith("{\"type\":\"digest.daily\""), r.body());
      MimeMessage email = mail.getReceivedMessages()[0];
      assertEquals("[ClickPulse] Daily digest for " + DAY, email.getSubject());
      assertEquals("digest.mail." + DAY, email.getHeader(SmtpDelivery.WEBHOOK_ID_HEADER, null));
      MimeMultipart alternative = (MimeMultipart) email.getContent();
      for (int part = 0; part < 2; part++) {
        String body = (String) alternative.getBodyPart(part).getContent();
        assertTrue(body.contains("l1: 20 human clicks"), body);
        assertTrue(body.contains("l4 (c4)"), body);
      }
      assertEquals(
          "3",
          clickhouse
              .query("SELECT count() FROM " + db + ".alert_deliveries WHERE outcome = 'delivered'")
              .strip());
    } finally {
      mail.stop();
    }
  }

  private static void clicks(
      List<String> rows, String link, String campaign, int dayOffset, int n, int status) {
    long start = DAY.plusDays(dayOffset).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    for (int i = 0; i < n; i++) {
      rows.add(
          String.format(
              "('%s-%d-%d-%d', %d, '%s', '%s', %d)",
              link, dayOffset, status, i, start + i * 60_000L, link, campaign, status));
    }
  }
}
