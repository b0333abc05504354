package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.InternetAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DNS pinning for email: the SMTP connection goes to the address the outbound policy resolved and
 * checked. {@code mail.test} exists only in this test's resolver (.test names never resolve in DNS,
 * RFC 6761), so a mail that reaches GreenMail on loopback proves the connection used its answer.
 */
class SmtpPinningTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final List<String> lookups = new CopyOnWriteArrayList<>();
  private GreenMail mail;

  @BeforeEach
  void start() {
    mail = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
  }

  @AfterEach
  void stop() {
    mail.stop();
  }

  @Test
  void theConnectionGoesToTheAddressThePolicyResolved() throws Exception {
    SmtpDelivery smtp = new SmtpDelivery(TIMEOUT, TIMEOUT, policy(Set.of("mail.test")));

    HttpDelivery.Result r = smtp.send(destination("mail.test"), "w1", body(), 0);

    assertEquals(250, r.status(), r.error());
    assertEquals(1, mail.getReceivedMessages().length);
    assertTrue(lookups.contains("mail.test"), "resolved through the policy: " + lookups);
  }

  @Test
  void aNameThatResolvesInsideIsRefusedAndNothingConnects() throws Exception {
    SmtpDelivery smtp = new SmtpDelivery(TIMEOUT, TIMEOUT, policy(Set.of()));

    HttpDelivery.Result r = smtp.send(destination("mail.test"), "w1", body(), 0);

    assertEquals(HttpDelivery.REFUSED, r.status(), r.error());
    assertTrue(r.error().contains("internal address"), r.error());
    assertEquals(0, mail.getReceivedMessages().length);
  }

  private OutboundPolicy policy(Set<String> allowed) {
    List<String> seen = lookups;
    return new OutboundPolicy(
        allowed,
        host -> {
          seen.add(host);
          return new InetAddress[] {InetAddress.getLoopbackAddress()};
        });
  }

  private DeliveryConfig.ResolvedDestination destination(String host) throws Exception {
    EmailSettings email =
        new EmailSettings(
            host,
            mail.getSmtp().getPort(),
            EmailSettings.Tls.NONE,
            new InternetAddress("alerts@clickpulse.example"),
            List.of(new InternetAddress("ops@shop.example")),
            null,
            null,
            null);
    return new DeliveryConfig.ResolvedDestination("mail", "email", null, List.of(), 100, email);
  }

  private static HttpDelivery.Body body() {
    return DeliverNotificationsTest.notification("mail", "a1").body();
  }
}
