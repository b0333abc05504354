package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.Mailboxes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ticket operator against a local imitation of GitHub's issues API (which checks every
 * request), processing time driven by the harness: one issue per incident, opened, commented at
 * most hourly, commented and closed on resolve; restarts, retries and dead letters; no state left.
 */
class TicketFunctionTest {
  private static final String TOKEN = "ghp_SECRETTOKEN123";
  private static final long T0 = 1_764_000_000_000L;
  private static final long HOUR = 3_600_000L;

  private FakeGitHub github;
  private TicketFunction function;
  private KeyedOneInputStreamOperatorTestHarness<String, Routed, DeliveryAttempt> harness;

  @BeforeEach
  void start() throws Exception {
    github = new FakeGitHub(TOKEN);
    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.open();
  }

  @AfterEach
  void stop() throws Exception {
    harness.close();
    github.close();
    assertEquals(List.of(), github.problems, "every request as GitHub wants it");
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Routed, DeliveryAttempt> newHarness()
      throws Exception {
    String yaml =
        "destinations:\n"
            + "  gh: { type: ticket, api: github, url: '"
            + github.url()
            + "', token-env: GH_TOKEN, labels: [clickpulse, links] }\n"
            + "retry: { delays: ['1 s', '2 s'], jitter: 0 }\n"
            + "outbound: { allowed-hosts: ['127.0.0.1'], connect-timeout: '1 s', read-timeout: '1 s' }\n";
    DeliverNotifications.SerializableEnvironment env = Map.of("GH_TOKEN", TOKEN)::get;
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new TicketOperator(function = new TicketFunction(config, env)),
        TicketFunction::key,
        Types.STRING);
  }

  @Test
  void anIncidentOpensOneIssueCommentsAtMostHourlyAndClosesOnResolve() throws Exception {
    send(alert("a1", "firing", "link l1: 9 of 30 clicks failed (502)"));
    assertEquals(List.of("GET", "POST"), methods());
    FakeGitHub.Issue issue = github.issues.get(1);
    assertEquals("[ClickPulse] broken redirect on link l1 (https://go.acme.com/x)", issue.title);
    assertTrue(issue.body.contains("<!-- clickpulse-alert-id: a1 -->"), issue.body);
    assertTrue(issue.body.contains("| Status codes | 502=9 |"), issue.body);
    assertEquals(List.of("clickpulse", "links"), issue.labels);
    assertTrue(
        github
            .requests
            .get(0)
            .path()
            .startsWith(FakeGitHub.REPO + "/issues?state=open&labels=clickpulse%2Clinks"),
        github.requests.get(0).path());

    // Fires again twice within the hour: one comment, when the hour since opening is up.
    advanceTo(T0 + 60_000);
    send(alert("a1", "firing", "link l1: still failing"));
    advanceTo(T0 + 120_000);
    send(alert("a1", "firing", "link l1: still failing, more"));
    advanceTo(T0 + HOUR - 1);
    assertEquals(2, github.requests.size(), "no comment within the hour");
    advanceTo(T0 + HOUR);
    assertEquals(List.of("GET", "POST", "POST"), methods());
    assertEquals(1, issue.comments.size());
    assertTrue(issue.comments.get(0).startsWith("Still firing at "), issue.comments.get(0));
    assertTrue(issue.comments.get(0).contains("still failing, more"), issue.comments.get(0));

    send(alert("a1", "resolved", "link l1 redirects again"));
    assertEquals(
        List.of(
            "POST " + FakeGitHub.REPO + "/issues/1/comments",
            "PATCH " + FakeGitHub.REPO + "/issues/1"),
        github.methodsAndPaths().subList(3, 5));
    assertEquals("closed", issue.state);
    assertTrue(issue.comments.get(1).contains("Resolved at"), issue.comments.get(1));
    assertEquals(1, github.issues.size(), "one issue for the incident");
    assertEquals(
        List.of("delivered", "delivered", "delivered", "delivered", "delivered"), outcomes());
    assertEquals(
        List.of(
            "ticket.a1.search",
            "ticket.a1.open",
            "ticket.a1.comment",
            "ticket.a1.resolve",
            "ticket.a1.close"),
        harness.extractOutputValues().stream().map(a -> a.webhookId).toList());
    assertNothingLeft();
  }

  @Test
  void aRestartWithAnOpenInFlightFindsTheIssueInsteadOfOpeningASecond() throws Exception {
    CountDownLatch answer = github.holdOpenAnswers();
    harness.processElement(
        new StreamRecord<>(new Routed("gh", -1, alert("a1", "firing", "broken"))));
    harness.setProcessingTime(T0);
    runNextResult(); // the search answers: none; the open goes out and is held
    Await.until(
        "the open to reach GitHub", Duration.ofSeconds(10), () -> github.issues.size() == 1);
    OperatorSubtaskState checkpoint = harness.snapshot(1, T0);
    harness.close(); // the job fails before the answer: the issue exists, the state has no number
    answer.countDown();

    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.initializeState(checkpoint);
    harness.open();
    long lease = T0 + 2_000 + DeliverNotifications.LEASE_MARGIN_MILLIS;
    advanceTo(lease);

    assertEquals(List.of("GET", "POST", "GET"), methods(), "searched, found, not opened again");
    assertEquals(1, github.issues.size());
    send(alert("a1", "resolved", "fixed"));
    assertEquals("closed", github.issues.get(1).state);
    assertEquals(1, github.issues.size());
    assertNothingLeft();
  }

  @Test
  void failuresAreRetriedOnTheScheduleThenDeadLetteredWithTheIncidentCleared() throws Exception {
    github.fail(503, 502, 500);
    send(alert("a1", "firing", "broken"));
    advanceTo(T0 + 1_000);
    advanceTo(T0 + 3_000);

    assertEquals(List.of("retry", "retry", "dead_letter"), outcomes());
    assertEquals(0, github.issues.size());
    List<DeliveryDeadLetter> dead = deadLetters();
    assertEquals(1, dead.size());
    assertEquals("gh", dead.get(0).destination);
    assertEquals("ticket.a1.search", dead.get(0).webhookId);
    assertTrue(
        dead.get(0).reason.startsWith("gave up after 3 attempts: HTTP 500"), dead.get(0).reason);
    assertFalse((harness.extractOutputValues().toString() + dead.get(0).reason).contains(TOKEN));
    assertNothingLeft();
  }

  @Test
  void anOpenThatFailsIsSearchedForAgainBeforeTheRetryAndAPermanentFailureDeadLetters()
      throws Exception {
    send(alert("a1", "firing", "broken"));
    github.fail(401);
    send(alert("a2", "firing", "broken too"));

    assertEquals(1, github.issues.size(), "a1 opened; a2's search refused");
    assertEquals(List.of("delivered", "delivered", "failed"), outcomes());
    assertTrue(deadLetters().get(0).reason.startsWith("permanent failure: HTTP 401"));

    github.failOpensAfterCreating(502);
    send(alert("a3", "firing", "third"));
    // search, open (created, but answered 502), then after 1 s: search again, which finds it.
    advanceTo(T0 + 1_000);
    assertEquals(List.of("GET", "POST", "GET", "GET", "POST", "GET"), methods());
    assertEquals(2, github.issues.size(), "a3's issue opened once");
    send(alert("a3", "resolved", "fixed"));
    assertEquals("closed", github.issues.get(2).state);
    assertEquals(
        List.of(
            "delivered",
            "delivered",
            "failed",
            "delivered",
            "retry",
            "delivered",
            "delivered",
            "delivered"),
        outcomes());
  }

  @Test
  void aSecondaryRateLimitWaitsForRetryAfterInsteadOfFailing() throws Exception {
    github.rateLimit(5);
    send(alert("a1", "firing", "broken"));
    advanceTo(T0 + 4_999);
    assertEquals(1, github.requests.size(), "Retry-After 5 s beats the 1 s schedule");
    advanceTo(T0 + 5_000);
    assertEquals(List.of("GET", "GET", "POST"), methods());
    assertEquals(List.of("retry", "delivered", "delivered"), outcomes());
    assertEquals(List.of(), deadLetters());
  }

  @Test
  void aTaskWithoutTheTokenDeadLettersItsRequestsInsteadOfFailing() throws Exception {
    harness.close();
    String yaml =
        "destinations:\n  gh: { type: ticket, api: github, url: '"
            + github.url()
            + "', token-env: GH_TOKEN }\noutbound: { allowed-hosts: ['127.0.0.1'] }\n";
    DeliveryConfig config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            "test.yaml",
            Map.of("GH_TOKEN", TOKEN)::get);
    // Checked where the job was submitted; this task's environment lacks the variable.
    DeliverNotifications.SerializableEnvironment taskEnv = k -> null;
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new TicketOperator(function = new TicketFunction(config, taskEnv)),
            TicketFunction::key,
            Types.STRING);
    harness.setProcessingTime(T0);
    harness.open();
    send(alert("a1", "firing", "broken"));

    assertEquals(List.of(), github.requests);
    assertEquals(
        "destination misconfigured: token-env: environment variable GH_TOKEN is not set",
        deadLetters().get(0).reason);
    assertNothingLeft();
  }

  @Test
  void anIncidentThatNeverResolvesExpiresAndLeavesItsIssueOpen() throws Exception {
    send(alert("a1", "firing", "broken"));
    advanceTo(T0 + 48 * HOUR);
    assertEquals("open", github.issues.get(1).state);
    assertNothingLeft();
    send(alert("a1", "resolved", "fixed"));
    assertEquals(2, github.requests.size(), "a resolution with no incident sends nothing");
  }

  @Test
  void aResolutionBeforeTheIssueIsOpenedOpensNothing() throws Exception {
    harness.processElement(
        new StreamRecord<>(new Routed("gh", -1, alert("a1", "firing", "broken"))));
    harness.processElement(
        new StreamRecord<>(new Routed("gh", -1, alert("a1", "resolved", "fixed"))));
    harness.setProcessingTime(T0);
    settle();
    assertEquals(List.of("GET"), methods());
    assertNothingLeft();
  }

  private void assertNothingLeft() throws Exception {
    assertEquals(0, harness.numKeyedStateEntries(), "no incident state left");
    assertEquals(0, harness.numProcessingTimeTimers(), "no timer left");
    assertEquals(0, function.requestsInFlight());
  }

  private List<String> methods() {
    return github.methodsAndPaths().stream().map(m -> m.split(" ")[0]).toList();
  }

  private List<String> outcomes() {
    return harness.extractOutputValues().stream().map(a -> a.outcome).toList();
  }

  private List<DeliveryDeadLetter> deadLetters() {
    var side = harness.getSideOutput(DeliverNotifications.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private void send(Alert a) throws Exception {
    harness.processElement(new StreamRecord<>(new Routed("gh", -1, a)));
    harness.setProcessingTime(harness.getProcessingTime());
    settle();
  }

  private void advanceTo(long time) throws Exception {
    harness.setProcessingTime(time);
    settle();
  }

  private void settle() throws Exception {
    while (function.requestsInFlight() > 0) {
      runNextResult();
    }
  }

  private void runNextResult() throws Exception {
    Mailboxes.runNext(harness.getTaskMailbox(), "request answered");
    harness.setProcessingTime(harness.getProcessingTime());
  }

  static Alert alert(String id, String status, String reason) {
    Alert a = new Alert();
    a.alertId = id;
    a.rule = "broken_redirect";
    a.severity = "critical";
    a.status = status;
    a.subjectType = "link";
    a.subjectId = "l1";
    a.linkId = "l1";
    a.campaignId = "c1";
    a.owner = "ana@shop.example";
    a.windowStart = T0 - 120_000;
    a.windowEnd = T0;
    a.observed = 0.3;
    a.expected = 0.05;
    a.reason = reason;
    a.fingerprint = AlertIds.fingerprint(a.rule, a.subjectType, a.subjectId);
    a.context.shortUrl = "https://go.acme.com/x";
    a.context.destinationUrl = "https://shop.example/x";
    a.context.clicks = 30;
    a.context.failingClicks = 9;
    a.context.statusCodes = List.of(new AlertContext.StatusCount(502, 9));
    return a;
  }
}
