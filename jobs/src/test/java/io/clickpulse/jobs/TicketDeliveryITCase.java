package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.delivery.DeliverNotifications;
import io.clickpulse.jobs.delivery.FakeGitHub;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.Await;
import io.clickpulse.jobs.testing.DeliveryEngines;
import io.clickpulse.jobs.testing.LogCapture;
import io.clickpulse.jobs.testing.MiniClusters;
import io.clickpulse.stack.ClickHouseServer;
import java.nio.file.Path;
import java.time.Duration;
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
 * The delivery job with a {@code type: ticket} destination on a MiniCluster with the real Kafka and
 * ClickHouse, against a local imitation of GitHub's issues API that checks every request: a broken
 * redirect that fires and then resolves gets exactly one issue, opened, commented and closed.
 */
@Tag("engines")
class TicketDeliveryITCase {
  @RegisterExtension static final MiniClusterExtension FLINK = MiniClusters.withSlots(2);

  private static final String TOKEN = "ghp_ITCASESECRETTOKEN";

  @Test
  void aBrokenRedirectIncidentOpensCommentsAndClosesExactlyOneIssue(@TempDir Path dir)
      throws Exception {
    DeliveryEngines engines = new DeliveryEngines("tickets");
    ClickHouseServer clickhouse = engines.clickhouse;
    String topic = engines.topic;
    String db = engines.db;

    try (var logs = new LogCapture();
        var github = new FakeGitHub(TOKEN)) {
      Path yaml =
          DeliveryEngines.deliveryFile(
              dir,
              "destinations:\n"
                  + "  links-issues: { type: ticket, api: github, url: '"
                  + github.url()
                  + "', token-env: GITHUB_TOKEN, labels: [clickpulse, broken-links] }\n");
      DeliverNotifications.SerializableEnvironment environment = Map.of("GITHUB_TOKEN", TOKEN)::get;
      JobClient job = engines.start(yaml, environment, "ticket-delivery-e2e");
      Alert firing = alert("firing");
      try (var producer = engines.producer()) {
        producer.send(new ProducerRecord<>(topic, firing.alertId, Json.bytes(firing)));
        producer.send(new ProducerRecord<>(topic, firing.alertId, Json.bytes(alert("spike"))));
        producer.flush();
        Await.until("the issue opened", Duration.ofSeconds(60), () -> github.issues.size() == 1);
        producer.send(new ProducerRecord<>(topic, firing.alertId, Json.bytes(alert("resolved"))));
        producer.flush();
        Await.until(
            "the issue closed and 4 requests recorded",
            Duration.ofSeconds(60),
            () ->
                "closed".equals(github.issues.get(1).state)
                    && clickhouse
                        .query(
                            "SELECT count() FROM "
                                + db
                                + ".alert_deliveries FINAL WHERE destination = 'links-issues'")
                        .strip()
                        .equals("4"),
            () ->
                github.methodsAndPaths()
                    + " "
                    + clickhouse.query("SELECT * FROM " + db + ".alert_deliveries FORMAT TSV"));
      } finally {
        job.cancel().get();
      }

      assertEquals(List.of(), github.problems, "every request as GitHub wants it");
      String issues = FakeGitHub.REPO + "/issues";
      assertEquals(
          List.of(
              "GET "
                  + issues
                  + "?state=open&labels=clickpulse%2Cbroken-links&sort=created&direction=desc&per_page=10",
              "POST " + issues,
              "POST " + issues + "/1/comments",
              "PATCH " + issues + "/1"),
          github.methodsAndPaths(),
          "a spike opens nothing: only broken_redirect and link_* rules do by default");
      github.requests.forEach(r -> assertEquals("Bearer " + TOKEN, r.authorization()));
      FakeGitHub.Issue issue = github.issues.get(1);
      assertEquals(
          "[ClickPulse] broken redirect on link lnk-1 (https://go.acme.com/spring)", issue.title);
      assertTrue(issue.body.contains("clickpulse-alert-id: " + firing.alertId), issue.body);
      assertEquals(List.of("clickpulse", "broken-links"), issue.labels);
      assertEquals(1, issue.comments.size());
      assertTrue(issue.comments.get(0).contains("redirects work again"), issue.comments.get(0));
      assertEquals(
          "ticket."
              + firing.alertId
              + ".search\tdelivered\n"
              + "ticket."
              + firing.alertId
              + ".open\tdelivered\n"
              + "ticket."
              + firing.alertId
              + ".resolve\tdelivered\n"
              + "ticket."
              + firing.alertId
              + ".close\tdelivered",
          clickhouse
              .query(
                  "SELECT webhook_id, outcome FROM "
                      + db
                      + ".alert_deliveries FINAL WHERE destination = 'links-issues'"
                      + " ORDER BY attempted_at, webhook_id")
              .strip());
      assertEquals(List.of(), engines.deadLetters());
      String table = clickhouse.query("SELECT * FROM " + db + ".alert_deliveries FORMAT TSV");
      assertTrue(!table.contains("ITCASESECRET"), table);
      for (String line : logs.lines()) {
        assertTrue(!line.contains("ITCASESECRET"), "the token in a log line: " + line);
      }
    }
  }

  private static Alert alert(String what) {
    Alert a = new Alert();
    a.rule = what.equals("spike") ? "spike" : "broken_redirect";
    a.severity = "critical";
    a.status = what.equals("resolved") ? "resolved" : "firing";
    a.subjectType = "link";
    a.subjectId = "lnk-1";
    a.linkId = "lnk-1";
    a.campaignId = "cmp-spring";
    a.owner = "ana@shop.example";
    a.windowStart = 1_764_000_000_000L;
    a.windowEnd = a.windowStart + 120_000;
    a.alertId = AlertIds.alertId(a.rule, a.subjectType, a.subjectId, a.windowStart);
    a.fingerprint = AlertIds.fingerprint(a.rule, a.subjectType, a.subjectId);
    a.reason =
        a.status.equals("resolved")
            ? "link lnk-1: redirects work again"
            : "link lnk-1: 9 of 30 clicks failed to redirect (502)";
    a.context.shortUrl = "https://go.acme.com/spring";
    a.context.destinationUrl = "https://shop.example/spring";
    a.context.campaignName = "Spring sale";
    a.context.clicks = 30;
    a.context.failingClicks = 9;
    a.context.failingShare = 0.3;
    a.context.statusCodes = List.of(new AlertContext.StatusCount(502, 9));
    return a;
  }
}
