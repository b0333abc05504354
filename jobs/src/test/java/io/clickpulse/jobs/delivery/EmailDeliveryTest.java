package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.testing.Mailboxes;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery operator sending email to a real SMTP server (GreenMail, on free loopback ports):
 * both bodies, escaping, the webhook-id header, credentials from files, implicit TLS checked
 * against a test CA, a server that refuses (535) and one that is down, with processing time driven
 * by the harness.
 */
class EmailDeliveryTest {
  private static final long T0 = System.currentTimeMillis();
  private static final String PASSWORD = "s3cret-Pa55";

  static {
    // GreenMail's SMTPS serves this test key, whose certificate (CN and SAN localhost, 127.0.0.1)
    // is the trust-store-file below: the client checks the chain and the server identity for real.
    System.setProperty("greenmail.tls.keystore.file", resource("smtp/test-smtp.p12").toString());
    System.setProperty("greenmail.tls.keystore.password", "changeit");
    System.setProperty("greenmail.tls.key.password", "changeit");
  }

  @TempDir Path dir;

  private GreenMail mail;
  private int closedPort;
  private DeliverNotifications function;
  private KeyedOneInputStreamOperatorTestHarness<String, Notification, DeliveryAttempt> harness;

  @BeforeEach
  void start() throws Exception {
    mail =
        new GreenMail(
            new ServerSetup[] {
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
              new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
            });
    mail.start();
    mail.setUser("alerts@clickpulse.example", "clickpulse", PASSWORD);
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort(); // closed again: nothing listens there
    }
    Files.writeString(dir.resolve("user"), "clickpulse\n");
    Files.writeString(dir.resolve("password"), PASSWORD + "\n");
    String common =
        "from: 'ClickPulse <alerts@clickpulse.example>', to: [ops@shop.example, 'Ana"
            + " <ana@shop.example>'], max-per-second: 100";
    String yaml =
        "destinations:\n"
            + "  mail: { type: email, host: 127.0.0.1, port: "
            + mail.getSmtp().getPort()
            + ", tls: none, username-file: "
            + dir.resolve("user")
            + ", password-file: "
            + dir.resolve("password")
            + ", "
            + common
            + " }\n"
            + "  smtps: { type: email, host: 127.0.0.1, port: "
            + mail.getSmtps().getPort()
            + ", tls: implicit, trust-store-file: "
            + resource("smtp/test-smtp-ca.pem")
            + ", "
            + common
            + " }\n"
            + "  untrusted: { type: email, host: 127.0.0.1, port: "
            + mail.getSmtps().getPort()
            + ", tls: implicit, "
            + common
            + " }\n"
            + "  wrong-password: { type: email, host: 127.0.0.1, port: "
            + mail.getSmtp().getPort()
            + ", tls: none, username-env: SMTP_USER, password-env: SMTP_WRONG, "
            + common
            + " }\n"
            + "  down: { type: email, host: 127.0.0.1, port: "
            + closedPort
            + ", tls: none, "
            + common
            + " }\n"
            + "routes: [ { to: [mail] } ]\n"
            + "retry: { delays: ['1 s', '2 s'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'], connect-timeout: '2 s', read-timeout: '3 s' }\n";
    Map<String, String> env = Map.of("SMTP_USER", "clickpulse", "SMTP_WRONG", "not-" + PASSWORD);
    DeliverNotifications.SerializableEnvironment environment = env::get;
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            "test.yaml",
            environment);
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new DeliverOperator(function = new DeliverNotifications(config, environment)),
            n -> n.destination,
            Types.STRING);
    harness.setProcessingTime(T0);
    harness.open();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    mail.stop();
  }

  @Test
  void anAlertArrivesOnceWithBothBodiesEscapedAndItsWebhookId() throws Exception {
    Notification n = DeliverNotificationsTest.notification("mail", "a1");
    n.alert.linkId = "<script>alert(1)</script>";
    n.alert.subjectId = n.alert.linkId;
    n.alert.reason = "link <b>x</b> & co: human clicks per minute jumped to 150 from about 10";
    n.alert.dashboardUrl = "https://grafana.example/d/x?var-link=1&x=2";
    send(n);

    assertEquals(List.of("delivered"), outcomes(), errors());
    assertEquals(250, harness.extractOutputValues().get(0).httpStatus);
    MimeMessage[] received = mail.getReceivedMessages();
    assertEquals(2, received.length, "one copy per recipient, one message");
    MimeMessage m = received[0];
    assertEquals("[ClickPulse] FIRING spike on link <script>alert(1)</script>", m.getSubject());
    assertEquals(
        List.of("ops@shop.example", "ana@shop.example"),
        Arrays.stream(m.getRecipients(Message.RecipientType.TO))
            .map(a -> ((InternetAddress) a).getAddress())
            .toList());
    assertEquals("alerts@clickpulse.example", ((InternetAddress) m.getFrom()[0]).getAddress());
    assertEquals("a1.firing", m.getHeader(SmtpDelivery.WEBHOOK_ID_HEADER, null));
    assertEquals("<a1.firing.mail@clickpulse.example>", m.getMessageID());

    MimeMultipart alternative = (MimeMultipart) m.getContent();
    assertTrue(alternative.getContentType().startsWith("multipart/alternative"));
    assertEquals(2, alternative.getCount());
    assertTrue(alternative.getBodyPart(0).isMimeType("text/plain"));
    assertTrue(alternative.getBodyPart(1).isMimeType("text/html"));
    String text = (String) alternative.getBodyPart(0).getContent();
    String html = (String) alternative.getBodyPart(1).getContent();
    assertTrue(text.contains("Link: <script>alert(1)</script>"), text);
    assertTrue(text.contains("Observed: 150"), text);
    assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    assertFalse(html.contains("<script>"), html);
    assertTrue(html.contains("link &lt;b&gt;x&lt;/b&gt; &amp; co"), html);
    assertTrue(html.contains("<a href=\"https://grafana.example/d/x?var-link=1&amp;x=2\">"), html);
    assertEquals(0, harness.numProcessingTimeTimers(), "no lease or other timer left");
    assertEquals(0, function.sendsInFlight());
  }

  @Test
  void implicitTlsIsCheckedAgainstTheTrustStoreFile() throws Exception {
    send(DeliverNotificationsTest.notification("smtps", "a1"));
    assertEquals(List.of("delivered"), outcomes(), errors());
    assertEquals(2, mail.getReceivedMessages().length);

    // The same server without the private CA: the JVM's CAs do not vouch for it.
    send(DeliverNotificationsTest.notification("untrusted", "a2"));
    DeliveryAttempt refused = harness.extractOutputValues().get(1);
    assertEquals("retry", refused.outcome);
    assertTrue(refused.error.startsWith("TLS failed: "), refused.error);
    assertEquals(2, mail.getReceivedMessages().length);
  }

  @Test
  void aWrongPasswordIsDeadLetteredAtOnceWithTheSmtpReplyAndNoSecret() throws Exception {
    send(DeliverNotificationsTest.notification("wrong-password", "a1"));
    advanceTo(T0 + 60_000);

    assertEquals(List.of("failed"), outcomes(), "535 is permanent: no retries");
    assertEquals(535, harness.extractOutputValues().get(0).httpStatus);
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(1, dead.size());
    assertTrue(dead.get(0).reason.startsWith("permanent failure: SMTP 535"), dead.get(0).reason);
    assertFalse(dead.get(0).reason.contains(PASSWORD), dead.get(0).reason);
    assertEquals(0, mail.getReceivedMessages().length);
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aServerThatIsDownIsRetriedOnScheduleWhileOthersAreDelivered() throws Exception {
    send(
        DeliverNotificationsTest.notification("down", "a1"),
        DeliverNotificationsTest.notification("mail", "a2"));
    assertEquals(2, mail.getReceivedMessages().length, "the healthy destination did not wait");

    advanceTo(T0 + 999);
    assertEquals(1, attempts("down").size(), "not before the first delay");
    advanceTo(T0 + 1_000);
    send(DeliverNotificationsTest.notification("mail", "a3")); // meanwhile
    assertEquals(4, mail.getReceivedMessages().length);
    advanceTo(T0 + 3_000);

    List<DeliveryAttempt> down = attempts("down");
    assertEquals(
        List.of("retry", "retry", "dead_letter"), down.stream().map(a -> a.outcome).toList());
    assertTrue(down.get(0).error.startsWith("connection failed: "), down.get(0).error);
    assertEquals(0, down.get(0).httpStatus);
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(1, dead.size());
    assertEquals("a1.firing", dead.get(0).webhookId);
    assertTrue(dead.get(0).reason.startsWith("gave up after 3 attempts: connection failed"));
    assertEquals(
        List.of("delivered", "delivered"), attempts("mail").stream().map(a -> a.outcome).toList());
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aGroupListsItsAlertsInBothBodies() throws Exception {
    GroupNotice g = new GroupNotice();
    g.status = "firing";
    g.groupKey = "0:{rule=\"spike\"}";
    g.labels.put("rule", "spike");
    for (String id : List.of("a1", "a2", "a3")) {
      Alert a = DeliverNotificationsTest.notification("mail", id).alert;
      a.linkId = "lnk-" + id;
      a.context = GroupMessagesTest.context(id);
      g.alerts.add(a);
    }
    g.firingAlerts = 60;
    g.truncatedAlerts = 57;
    send(Notification.of("mail", g, "a1.firing.2", g.alerts.get(0)));

    MimeMessage m = mail.getReceivedMessages()[0];
    assertEquals("[ClickPulse] 60 alerts firing: rule spike", m.getSubject());
    MimeMultipart alternative = (MimeMultipart) m.getContent();
    String text = (String) alternative.getBodyPart(0).getContent();
    String html = (String) alternative.getBodyPart(1).getContent();
    // Each listed alert carries what its own email shows: link, clicks against the baseline,
    // referrers.
    for (String id : List.of("a1", "a2", "a3")) {
      String link = "Link: lnk-" + id + " https://sho.rt/" + id + " → https://shop.example/" + id;
      String clicks = "Clicks: 120 (75% human, baseline 12/min)";
      for (String body : List.of(text, html.replace("&gt;", ">"))) {
        assertTrue(body.contains(link), body);
        assertTrue(body.contains(clicks), body);
        assertTrue(body.contains("Referrers: news-" + id + ".example=40"), body);
      }
    }
    assertTrue(text.contains("…and 57 more"), text);
    assertTrue(html.contains("…and 57 more"), html);
    assertEquals("a1.firing.2", m.getHeader(SmtpDelivery.WEBHOOK_ID_HEADER, null));
  }

  private List<DeliveryAttempt> attempts(String destination) {
    return harness.extractOutputValues().stream()
        .filter(a -> a.destination.equals(destination))
        .toList();
  }

  private String errors() {
    return harness.extractOutputValues().stream().map(a -> a.error).toList().toString();
  }

  private List<String> outcomes() {
    return harness.extractOutputValues().stream().map(a -> a.outcome).toList();
  }

  private List<DeliveryDeadLetter> deadLetters() {
    var side = harness.getSideOutput(DeliverNotifications.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private void send(Notification... notifications) throws Exception {
    for (Notification n : notifications) {
      harness.processElement(new StreamRecord<>(n));
    }
    harness.setProcessingTime(harness.getProcessingTime());
    settle();
  }

  private void advanceTo(long time) throws Exception {
    harness.setProcessingTime(time);
    settle();
  }

  /** Lets every send under way answer, handling each result as the task's mailbox would. */
  private void settle() throws Exception {
    while (function.sendsInFlight() > 0) {
      Mailboxes.runNext(harness.getTaskMailbox(), "send answered");
      harness.setProcessingTime(harness.getProcessingTime()); // the timer the result fired
    }
  }

  private static Path resource(String name) {
    try {
      return Paths.get(EmailDeliveryTest.class.getClassLoader().getResource(name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
