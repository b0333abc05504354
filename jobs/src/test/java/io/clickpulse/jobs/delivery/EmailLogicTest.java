package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Email without a server: SMTP codes to outcomes, the destination's checks, the digest email. */
class EmailLogicTest {
  private static final String SERVER = "host: 93.184.216.34, from: alerts@clickpulse.example";

  @ParameterizedTest(name = "SMTP {0} -> {1}")
  @CsvSource({
    "250, DELIVERED", // accepted
    "251, DELIVERED", // user not local; will forward
    "421, RETRY", // service not available, closing
    "450, RETRY", // mailbox busy
    "451, RETRY", // local error in processing
    "452, RETRY", // insufficient storage
    "535, FAILED", // authentication credentials invalid
    "530, FAILED", // authentication required
    "550, FAILED", // mailbox unavailable
    "552, FAILED", // exceeded storage allocation
    "553, FAILED", // mailbox name not allowed
    "554, FAILED", // transaction failed
    "354, FAILED", // an intermediate reply where a final one belongs
    "0, RETRY", // no reply: refused, timed out, TLS failed
    "-1, FAILED" // refused by the outbound policy
  })
  void smtpRepliesMapToOutcomes(int code, RetrySchedule.Outcome expected) {
    assertEquals(expected, SmtpOutcome.classify(code));
    assertEquals(expected, SmtpOutcome.classify("email", code));
  }

  @Test
  void httpDestinationsKeepTheirHttpMeaning() {
    assertEquals(RetrySchedule.Outcome.RETRY, SmtpOutcome.classify("webhook", 503));
    assertEquals(RetrySchedule.Outcome.FAILED, SmtpOutcome.classify("email", 503));
    assertEquals(RetrySchedule.Outcome.FAILED, SmtpOutcome.classify("slack", 451));
    assertEquals(RetrySchedule.Outcome.RETRY, SmtpOutcome.classify("email", 451));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "535 5.7.8 Authentication credentials invalid | 535",
        "421 4.3.2 Service shutting down | 421",
        "250-PIPELINING | 250",
        "  550 mailbox unavailable | 550",
        "Authentication failed | 0",
        "5355 nonsense | 0",
        "'' | 0"
      })
  void replyCodesAreReadFromTheReplyLine(String reply, int code) {
    assertEquals(code, SmtpDelivery.replyCode(reply));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "tls: none | tls: none is only allowed for hosts in outbound.allowed-hosts",
        "tls: smtps | tls must be starttls, implicit or none, was 'smtps'",
        "port: 70000 | port must be between 1 and 65535, was 70000",
        "to: ['ana@'] | to[0] is not a valid email address: 'ana@'",
        "to: ['ops@shop.example', 'two words@shop.example'] | to[1] is not a valid email address",
        "to: [] | to must list at least one address",
        "username-env: SMTP_USER | set both a username",
        "password-env: UNSET | environment variable UNSET (password) is not set",
        "trust-store-file: /nonexistent/ca.pem | cannot read the trust-store-file /nonexistent/ca.pem",
      })
  void invalidEmailDestinationsFailTheStartNamingTheKey(String extra, String message) {
    String to = extra.startsWith("to:") ? "" : ", to: [ops@shop.example]";
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> config(SERVER + to + ", " + extra));
    assertTrue(e.getMessage().contains("destinations.m: " + message), e.getMessage());
  }

  @Test
  void aStrictFromAndAHostAreRequired() {
    String noHost =
        assertThrows(
                IllegalArgumentException.class,
                () -> config("from: a@b.example, to: [ops@shop.example]"))
            .getMessage();
    assertTrue(noHost.contains("destinations.m: host is required"), noHost);
    String badFrom =
        assertThrows(
                IllegalArgumentException.class,
                () -> config("host: 93.184.216.34, from: 'a@b@c', to: [ops@shop.example]"))
            .getMessage();
    assertTrue(badFrom.contains("destinations.m: from is not a valid email address"), badFrom);
  }

  @Test
  void internalHostsNeedToBeAllowed() {
    String internal =
        assertThrows(
                IllegalArgumentException.class,
                () -> config("host: 10.1.2.3, from: a@b.example, to: [ops@shop.example]"))
            .getMessage();
    assertTrue(internal.contains("resolves to an internal address"), internal);
  }

  @Test
  void validDestinationsResolveWithTheirDefaultsAndHideThePassword() {
    DeliveryConfig c =
        config(
            SERVER
                + ", to: ['Ana <ana@shop.example>', ops@shop.example],"
                + " username-env: SMTP_USER, password-env: SMTP_PASSWORD");
    DeliveryConfig.ResolvedDestination d =
        c.resolve(
            "m", Map.of("SMTP_USER", "u", "SMTP_PASSWORD", "pw-123")::get, c.outboundPolicy());
    EmailSettings email = d.email();
    assertEquals(EmailSettings.Tls.STARTTLS, email.tls());
    assertEquals(587, email.port());
    assertEquals("ana@shop.example", email.to().get(0).getAddress());
    assertEquals("smtp://93.184.216.34:587", d.url());
    assertEquals(List.of("pw-123"), d.secrets(), "blanked in processing errors");
    assertFalse(email.toString().contains("pw-123"));
    assertFalse(d.toString().contains("pw-123"));
    DeliveryConfig implicit = config(SERVER + ", to: [ops@shop.example], tls: implicit");
    assertEquals(465, implicit.resolve("m", k -> null, implicit.outboundPolicy()).email().port());
  }

  @Test
  void theDigestEmailListsEverySectionEscaped() {
    Digest d =
        new Digest(
            LocalDate.parse("2026-11-21"),
            List.of("lnk-1: 40 human clicks", "<img src=x onerror=alert(1)>: 3 human clicks"),
            List.of(),
            List.of("lnk-2: 5 failed redirects of 9"),
            List.of("lnk-3 (cmp-1)"));
    EmailMessages.Email email = EmailMessages.of(d);
    assertEquals("[ClickPulse] Daily digest for 2026-11-21", email.subject());
    assertTrue(email.text().contains("Top links\n- lnk-1: 40 human clicks\n"), email.text());
    assertTrue(email.text().contains("Fastest growing\n  none\n"), email.text());
    assertTrue(
        email.html().contains("<li>&lt;img src=x onerror=alert(1)&gt;: 3 human clicks</li>"));
    assertFalse(email.html().contains("<img"), email.html());
    assertTrue(email.html().contains("<li>lnk-3 (cmp-1)</li>"), email.html());
  }

  @Test
  void onlyHttpDashboardLinksBecomeLinksAndSubjectsStayOneLine() {
    Notification n = DeliverNotificationsTest.notification("m", "a1");
    n.alert.dashboardUrl = "javascript:alert(1)";
    n.alert.subjectId = "l1\r\nBcc: victim@example.com";
    EmailMessages.Email email = EmailMessages.of(n.alert);
    assertFalse(email.html().contains("href"), email.html());
    assertEquals("[ClickPulse] FIRING spike on link l1 Bcc: victim@example.com", email.subject());
  }

  private static DeliveryConfig config(String destination) {
    String yaml =
        "destinations:\n  m: { type: email, " + destination + " }\nroutes: [ { to: [m] } ]\n";
    return DeliveryConfig.parse(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test.yaml",
        Map.of("SMTP_USER", "u", "SMTP_PASSWORD", "pw-123")::get);
  }
}
