package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One group's state machine, without Flink. Times in seconds from 0. */
class AlertGroupTest {
  private static final long S = 1_000;
  private static final GroupPolicy POLICY =
      new GroupPolicy(List.of("campaign_id"), 30 * S, 300 * S, 3_600 * S);
  private static final long TIMEOUT = 7_200 * S;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // what happened | next due (s)
        "new group: after the wait | 30",
        "notified, nothing changed: the repeat | 3630",
        "notified, then a new alert: the group interval | 330",
        "notified, an alert expires before the repeat: its expiry | 1830",
      })
  void nextDueFollowsWaitIntervalRepeatAndExpiry(String story, long dueSeconds) {
    long timeout = story.contains("expires") ? 1_800 * S : TIMEOUT;
    Alert a1 = GroupNotificationsTest.alert("spike", "l1", "c1", "firing", 0);
    AlertGroup g = AlertGroup.open("k", 0, "", false, Map.of("campaign_id", "c1"), a1, 0);
    g.offer(a1, 0, timeout, 10);
    if (!story.startsWith("new group")) {
      g.offer(a1, 30 * S, timeout, 10); // refreshed at 30 s, so it expires at 30 s + timeout
      assertEquals("firing", g.flush(30 * S, POLICY, 10).status);
    }
    if (story.contains("new alert")) {
      g.offer(GroupNotificationsTest.alert("drop", "l2", "c1", "firing", 0), 60 * S, timeout, 10);
    }
    assertEquals(dueSeconds * S, g.nextDue(POLICY));
  }

  @Test
  void alertsOverTheLimitAreCountedAndExpireTogether() {
    AlertGroup g = group();
    for (int i = 0; i < 5; i++) {
      g.offer(GroupNotificationsTest.alert("spike", "l" + i, "c1", "firing", 0), i * S, TIMEOUT, 2);
    }
    g.offer(
        resolved(GroupNotificationsTest.alert("spike", "l4", "c1", "firing", 0)),
        5 * S,
        TIMEOUT,
        2);

    GroupNotice n = g.flush(30 * S, POLICY, 2);
    assertEquals(List.of("l0", "l1"), n.alerts.stream().map(a -> a.linkId).toList());
    assertEquals(
        3, n.truncatedAlerts, "l2..l4 counted; a resolution of an uncounted one is unknown");
    assertEquals(5, n.firingAlerts);
    assertEquals(2, g.members.size(), "state holds max-alerts alerts, not five");

    GroupNotice end = g.flush(4 * S + TIMEOUT, POLICY, 2);
    assertEquals("resolved", end.status);
    assertEquals(0, end.firingAlerts);
    assertEquals(List.of("resolved", "resolved"), end.alerts.stream().map(a -> a.status).toList());
    assertTrue(g.finished());
  }

  @Test
  void webhookIdsNameTheOpeningAlertStatusAndCount() {
    Alert a1 = GroupNotificationsTest.alert("spike", "l1", "c1", "firing", 0);
    AlertGroup g = group();
    g.offer(a1, 0, TIMEOUT, 10);
    List<String> ids = new java.util.ArrayList<>();
    GroupNotice n = g.flush(30 * S, POLICY, 10);
    ids.add(g.lastWebhookId(n.status));
    assertNull(g.flush(31 * S, POLICY, 10), "nothing new to say");
    n = g.flush(3_630 * S, POLICY, 10);
    ids.add(g.lastWebhookId(n.status));
    g.offer(resolved(a1), 3_700 * S, TIMEOUT, 10);
    g.offer(a1, 3_701 * S, TIMEOUT, 10); // a late firing does not undo the resolution
    n = g.flush(3_930 * S, POLICY, 10);
    ids.add(g.lastWebhookId(n.status));
    assertEquals(
        List.of(a1.alertId + ".firing", a1.alertId + ".firing.2", a1.alertId + ".resolved.3"), ids);
    assertTrue(g.finished());
  }

  private static AlertGroup group() {
    Alert first = GroupNotificationsTest.alert("spike", "l1", "c1", "firing", 0);
    return AlertGroup.open("k", 0, "", false, Map.of("campaign_id", "c1"), first, 0);
  }

  private static Alert resolved(Alert a) {
    a.status = "resolved";
    return a;
  }
}
