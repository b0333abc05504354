package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.testing.Mailboxes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery operator's handling of SMTP replies GreenMail does not give: transient 4xx retried
 * with the same Message-ID, a rejected recipient dead-lettered with the reply, a 421 greeting, and
 * a server trickling its greeting cut off at the exchange deadline.
 */
class EmailRepliesTest {
  private static final long T0 = System.currentTimeMillis();

  private ScriptedSmtpServer server;
  private DeliverNotifications function;
  private KeyedOneInputStreamOperatorTestHarness<String, Notification, DeliveryAttempt> harness;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedSmtpServer();
    String yaml =
        "destinations:\n"
            + "  mail: { type: email, host: 127.0.0.1, port: "
            + server.port()
            + ", tls: none, from: alerts@clickpulse.example, to: [ops@shop.example] }\n"
            + "  starttls: { type: email, host: 127.0.0.1, port: "
            + server.port()
            + ", from: alerts@clickpulse.example, to: [ops@shop.example] }\n"
            + "routes: [ { to: [mail] } ]\n"
            + "retry: { delays: ['1 s', '2 s'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'], connect-timeout: '1 s', read-timeout: '1 s' }\n";
    DeliverNotifications.SerializableEnvironment environment = k -> null;
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
    server.close();
  }

  @Test
  void transientRepliesAreRetriedWithTheSameMessageId() throws Exception {
    server.rcpt("451 4.3.0 try again later", "450 4.2.1 mailbox busy");
    send(DeliverNotificationsTest.notification("mail", "a1"));
    advanceTo(T0 + 1_000);
    advanceTo(T0 + 3_000);

    assertEquals(List.of("retry", "retry", "delivered"), outcomes());
    List<DeliveryAttempt> attempts = harness.extractOutputValues();
    assertEquals(451, attempts.get(0).httpStatus);
    assertEquals("SMTP 451: 451 4.3.0 try again later", attempts.get(0).error);
    assertEquals(450, attempts.get(1).httpStatus);
    assertEquals(1, server.messages.size());
    assertTrue(
        server.messages.get(0).contains("Message-ID: <a1.firing.mail@clickpulse.example>"),
        server.messages.get(0));
    assertTrue(server.messages.get(0).contains("X-ClickPulse-Webhook-Id: a1.firing"));
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aRejectedRecipientIsDeadLetteredWithTheReply() throws Exception {
    server.rcpt("550 5.1.1 <ops@shop.example>: mailbox unavailable");
    send(DeliverNotificationsTest.notification("mail", "a1"));
    advanceTo(T0 + 60_000);

    assertEquals(List.of("failed"), outcomes());
    assertEquals(
        "permanent failure: SMTP 550: 550 5.1.1 <ops@shop.example>: mailbox unavailable",
        deadLetters().get(0).reason);
    assertEquals(0, server.messages.size());
  }

  @Test
  void aServerClosingAtTheGreetingIsRetried() throws Exception {
    server.greet("421 4.3.2 shutting down");
    send(DeliverNotificationsTest.notification("mail", "a1"));
    advanceTo(T0 + 1_000);

    assertEquals(List.of("retry", "delivered"), outcomes(), errors());
    assertEquals(421, harness.extractOutputValues().get(0).httpStatus);
    assertTrue(harness.extractOutputValues().get(0).error.startsWith("SMTP 421"), errors());
  }

  @Test
  void aTricklingServerIsCutOffAtTheExchangeDeadline() throws Exception {
    server.trickle();
    long start = System.nanoTime();
    send(DeliverNotificationsTest.notification("mail", "a1"));

    assertEquals(List.of("retry"), outcomes());
    assertEquals("timed out", harness.extractOutputValues().get(0).error);
    long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(took < 5_000, "the 2 s deadline, not the trickle, ended it: " + took + " ms");
    assertTrue(server.trickleCut.await(10, TimeUnit.SECONDS), "its connection was closed");
  }

  @Test
  void starttlsIsRequiredNeverPlainText() throws Exception {
    // The scripted server does not offer STARTTLS: the default tls refuses to go on in plain text.
    send(DeliverNotificationsTest.notification("starttls", "a1"));

    DeliveryAttempt a = harness.extractOutputValues().get(0);
    assertEquals("retry", a.outcome);
    assertTrue(a.error.startsWith("failed: ") && a.error.contains("STARTTLS"), a.error);
    assertEquals(0, server.messages.size(), "nothing was sent unencrypted");
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
      harness.setProcessingTime(harness.getProcessingTime());
    }
  }
}
