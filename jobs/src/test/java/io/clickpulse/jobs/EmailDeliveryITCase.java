package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.FakeReceiver;
import io.clickpulse.jobs.delivery.SmtpDelivery;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.DeliveryEngines;
import io.clickpulse.jobs.testing.LogCapture;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.stack.ClickHouseServer;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery job on a MiniCluster with the real Kafka and ClickHouse sending email to a real SMTP
 * server (GreenMail): delivered with credentials from a file, a wrong password dead-lettered at
 * once with the 535 reply, a server that is down retried then dead-lettered, and a webhook
 * delivered meanwhile.
 */
@Tag("engines")
class EmailDeliveryITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final String PASSWORD = "smtp-Pa55-word";

  @Test
  void alertsReachEmailAndTheFailuresAreDeadLetteredWithTheirReasons(@TempDir Path dir)
      throws Exception {
    DeliveryEngines engines = new DeliveryEngines("email");
    ClickHouseServer clickhouse = engines.clickhouse;
    String topic = engines.topic;
    String db = engines.db;
    GreenMail mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    mail.setUser("alerts@clickpulse.example", "clickpulse", PASSWORD);
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    try (var logs = new LogCapture();
        var webhook = new FakeReceiver()) {
      Files.writeString(dir.resolve("password"), PASSWORD);
      String secret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
      String server =
          "host: 127.0.0.1, tls: none, from: alerts@clickpulse.example, to: [ops@shop.example]";
      Path yaml =
          DeliveryEngines.deliveryFile(
              dir,
              "destinations:\n"
                  + "  ops-hook: { type: webhook, url: '"
                  + webhook.url("/hook")
                  + "', secrets-env: HOOK_SECRET }\n"
                  + "  ops-mail: { "
                  + server
                  + ", type: email, port: "
                  + mail.getSmtp().getPort()
                  + ", username-env: SMTP_USER, password-file: "
                  + dir.resolve("password")
                  + " }\n"
                  + "  wrong-mail: { "
                  + server
                  + ", type: email, port: "
                  + mail.getSmtp().getPort()
                  + ", username-env: SMTP_USER, password-env: WRONG_PASSWORD }\n"
                  + "  down-mail: { "
                  + server
                  + ", type: email, port: "
                  + closedPort
                  + " }\n"
                  + "routes:\n  - { to: [down-mail, wrong-mail, ops-mail, ops-hook] }\n"
                  + "grouping: { group-wait: '0 s', group-interval: '1 s' }\n");
      Map<String, String> secrets =
          Map.of(
              "HOOK_SECRET",
              secret,
              "SMTP_USER",
              "clickpulse",
              "WRONG_PASSWORD",
              "not-" + PASSWORD);
      DeliverNotifications.SerializableEnvironment environment = secrets::get;

      try (var producer = engines.producer()) {
        producer.send(new ProducerRecord<>(topic, Json.bytes(alert())));
      }

      JobClient job = engines.start(yaml, environment, "email-delivery-e2e");
      try {
        Await.until(
            "2 deliveries and 2 dead letters recorded",
            Duration.ofSeconds(60),
            () -> engines.delivered() == 2 && engines.deadLetters().size() == 2,
            () ->
                clickhouse.query(
                        "SELECT destination, outcome, error FROM "
                            + db
                            + ".alert_deliveries FORMAT TSV")
                    + " dlq="
                    + engines.deadLetters());
      } finally {
        job.cancel().get();
      }

      MimeMessage[] received = mail.getReceivedMessages();
      assertEquals(1, received.length, "one email, from ops-mail only");
      assertEquals("[ClickPulse] FIRING spike on link <l1>", received[0].getSubject());
      String webhookId = webhook.requests.get(0).header("webhook-id");
      assertEquals(webhookId, received[0].getHeader(SmtpDelivery.WEBHOOK_ID_HEADER, null));
      MimeMultipart alternative = (MimeMultipart) received[0].getContent();
      assertTrue(((String) alternative.getBodyPart(0).getContent()).contains("Link: <l1>"));
      String html = (String) alternative.getBodyPart(1).getContent();
      assertTrue(html.contains("&lt;l1&gt;") && !html.contains("<l1>"), html);

      assertEquals(
          "down-mail\tretry,retry,dead_letter\t0\n"
              + "ops-hook\tdelivered\t200\n"
              + "ops-mail\tdelivered\t250\n"
              + "wrong-mail\tfailed\t535",
          clickhouse
              .query(
                  "SELECT destination, arrayStringConcat(groupArray(outcome), ','),"
                      + " max(http_status) FROM (SELECT destination, outcome, http_status FROM "
                      + db
                      + ".alert_deliveries FINAL ORDER BY destination, attempt)"
                      + " GROUP BY destination ORDER BY destination FORMAT TSV")
              .strip());
      List<JsonNode> dead = engines.deadLetters();
      Map<String, String> reasons =
          Map.of(
              dead.get(0).get("destination").asText(), dead.get(0).get("reason").asText(),
              dead.get(1).get("destination").asText(), dead.get(1).get("reason").asText());
      assertTrue(
          reasons.get("wrong-mail").startsWith("permanent failure: SMTP 535"), reasons.toString());
      assertTrue(
          reasons.get("down-mail").startsWith("gave up after 3 attempts: connection failed"),
          reasons.toString());
      String table = clickhouse.query("SELECT * FROM " + db + ".alert_deliveries FORMAT TSV");
      assertFalse(table.contains(PASSWORD), table);
      assertFalse(dead.toString().contains(PASSWORD), dead.toString());
      for (String line : logs.lines()) {
        assertFalse(line.contains(PASSWORD), "a password in a log line: " + line);
      }
    } finally {
      mail.stop();
    }
  }

  private static Alert alert() {
    Alert a = new Alert();
    a.alertId = "id-spike";
    a.rule = "spike";
    a.severity = "warning";
    a.status = "firing";
    a.subjectType = "link";
    a.subjectId = "<l1>";
    a.linkId = "<l1>";
    a.campaignId = "c1";
    a.windowStart = System.currentTimeMillis() - 120_000;
    a.windowEnd = System.currentTimeMillis();
    a.observed = 150;
    a.expected = 10;
    a.reason = "link <l1>: human clicks per minute jumped to 150 from about 10";
    a.fingerprint = AlertIds.fingerprint(a.rule, "link", "<l1>");
    a.context.clicks = 30;
    a.context.humanClicks = 30;
    a.context.humanShare = 1;
    return a;
  }
}
