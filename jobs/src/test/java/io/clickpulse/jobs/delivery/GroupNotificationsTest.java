package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertIds;
import io.clickpulse.jobs.testing.JsonSchemas;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The grouping operator with processing time driven by the harness: groups by route labels,
 * group-wait, group-interval, repeat-interval, resolved notices, expiry of alerts nobody resolves,
 * and the bounds a client rotating its user agent runs into. Every webhook body is checked against
 * the published schema.
 */
class GroupNotificationsTest {
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long WAIT = 30 * SECOND;
  private static final long INTERVAL = 5 * MINUTE;
  private static final long REPEAT = 4 * HOUR;
  private static final long T0 = 1_764_000_000_000L;

  private KeyedOneInputStreamOperatorTestHarness<String, Routed, Notification> harness;
  private GroupNotifications function;
  private DeliveryConfig config;

  private void open(String routes, String extra) throws Exception {
    String yaml =
        "destinations:\n  slack: { type: slack, url: 'https://93.184.216.34/s' }\n"
            + "routes:\n"
            + routes
            + "grouping: { group-wait: '30 s', group-interval: '5 min', repeat-interval: '4 h'"
            + extra
            + " }\n";
    config =
        DeliveryConfig.parse(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test", k -> null);
    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.open();
  }

  private KeyedOneInputStreamOperatorTestHarness<String, Routed, Notification> newHarness()
      throws Exception {
    function = new GroupNotifications(config);
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(function), r -> r.destination, Types.STRING);
  }

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void fiveSpikingLinksOfOneCampaignMakeOneMessageListingFive() throws Exception {
    open("  - { to: [slack], group-by: [rule, campaign_id] }\n", "");
    for (int i = 1; i <= 5; i++) {
      send(alert("spike", "l" + i, "c1", "firing", T0));
    }
    send(alert("spike", "l9", "c2", "firing", T0)); // another campaign: another group
    harness.setProcessingTime(T0 + WAIT);

    List<Notification> sent = notifications();
    assertEquals(2, sent.size(), ids(sent).toString());
    Notification c1 = byLabel(sent, "campaign_id", "c1");
    assertEquals(Map.of("rule", "spike", "campaign_id", "c1"), c1.group.labels);
    assertEquals(
        List.of("l1", "l2", "l3", "l4", "l5"),
        c1.group.alerts.stream().map(a -> a.linkId).toList());
    assertEquals("firing", c1.group.status);
    assertEquals(5, c1.group.firingAlerts);
    assertEquals(0, c1.group.truncatedAlerts);
    String slack = c1.body().slack();
    assertTrue(slack.contains("5 alerts firing: rule spike, campaign id c1"), slack);
    for (int i = 1; i <= 5; i++) {
      assertTrue(slack.contains("*Link*: l" + i), slack);
    }
    JsonSchemas.assertValidWebhookBody(c1.body().webhook(T0 + WAIT));
  }

  @Test
  void waitsThenChangesAtMostEveryIntervalAndRepeatsWhileFiring() throws Exception {
    open("  - { to: [slack], group-by: [campaign_id] }\n", "");
    Alert a1 = alert("spike", "l1", "c1", "firing", T0);
    send(a1);
    harness.setProcessingTime(T0 + WAIT - 1);
    assertEquals(List.of(), ids(notifications()));
    harness.setProcessingTime(T0 + WAIT);
    assertEquals(List.of(a1.alertId + ".firing"), ids(notifications()));

    harness.setProcessingTime(T0 + MINUTE);
    Alert a2 = alert("drop", "l2", "c1", "firing", T0 + MINUTE);
    send(a2);
    send(a1); // a replayed copy changes nothing
    harness.setProcessingTime(T0 + WAIT + INTERVAL - 1);
    assertEquals(1, notifications().size(), "a change waits for the group interval");
    harness.setProcessingTime(T0 + WAIT + INTERVAL);
    assertEquals(2, notifications().size());
    assertEquals(a1.alertId + ".firing.2", notifications().get(1).webhookId);
    assertEquals(2, notifications().get(1).group.alerts.size());

    harness.setProcessingTime(T0 + WAIT + INTERVAL + REPEAT - 1);
    assertEquals(2, notifications().size(), "nothing changed: quiet until the repeat interval");
    harness.setProcessingTime(T0 + WAIT + INTERVAL + REPEAT);
    assertEquals(
        List.of(a1.alertId + ".firing", a1.alertId + ".firing.2", a1.alertId + ".firing.3"),
        ids(notifications()),
        "a reminder listing both");
    assertEquals(2, notifications().get(2).group.alerts.size());
    for (Notification n : notifications()) {
      JsonSchemas.assertValidWebhookBody(n.body().webhook(T0));
    }
  }

  @Test
  void aGroupSendsItsResolvedNoticeWhenAllItsAlertsResolvedThenLeavesNoState() throws Exception {
    open("  - { to: [slack], group-by: [campaign_id] }\n", "");
    Alert a1 = alert("spike", "l1", "c1", "firing", T0);
    Alert a2 = alert("spike", "l2", "c1", "firing", T0);
    Alert b1 = alert("spike", "l3", "c2", "firing", T0);
    send(a1);
    send(a2);
    send(b1);
    harness.setProcessingTime(T0 + WAIT);
    assertEquals(2, notifications().size());

    send(resolved(a1));
    harness.setProcessingTime(T0 + WAIT + INTERVAL);
    Notification partly = notifications().get(2);
    assertEquals("firing", partly.group.status, "a2 still fires");
    assertEquals(
        List.of("firing", "resolved"), partly.group.alerts.stream().map(a -> a.status).toList());

    send(resolved(a2));
    send(a2); // a late firing does not undo the resolution
    harness.setProcessingTime(T0 + WAIT + 2 * INTERVAL);
    Notification done = notifications().get(3);
    assertEquals("resolved", done.group.status);
    assertEquals(Map.of("campaign_id", "c1"), done.group.labels);
    assertEquals(List.of(a2.alertId), done.group.alerts.stream().map(a -> a.alertId).toList());
    assertEquals(a1.alertId + ".resolved.3", done.webhookId);
    assertTrue(done.body().slack().contains("resolved"), done.body().slack());
    JsonSchemas.assertValidWebhookBody(done.body().webhook(T0));
    assertEquals(List.of("campaign_id=c2"), liveGroups(), "only c2's group is left");

    send(resolved(b1));
    harness.setProcessingTime(T0 + WAIT + 3 * INTERVAL);
    assertEquals("resolved", notifications().get(4).group.status);
    assertEquals(5, notifications().size());
    assertEquals(0, harness.numKeyedStateEntries(), "resolved groups leave no state");
    assertEquals(0, harness.numProcessingTimeTimers(), "and no timer");
  }

  @Test
  void anAlertResolvedWithinTheGroupWaitSendsOnlyTheResolution() throws Exception {
    open("  - { to: [slack] }\n", "");
    Alert a1 = alert("spike", "l1", "c1", "firing", T0);
    send(a1);
    harness.setProcessingTime(T0 + 10 * SECOND);
    send(resolved(a1));
    send(a1);
    harness.setProcessingTime(T0 + WAIT);

    assertEquals(List.of(a1.alertId + ".resolved"), ids(notifications()));
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void alertsNobodyResolvesExpireAfterTheirResolveTimeoutAndFreeTheGroup() throws Exception {
    open(
        "  - { to: [slack], group-by: [rule, owner] }\nresolve-timeout: { missing_utm: '2 h' }\n",
        "");
    Alert bot = alert("bot_burst", null, "c1", "firing", T0);
    bot.subjectType = "client";
    bot.subjectId = "client-1";
    AlertIds.identify(bot, "");
    Alert utm = alert("missing_utm", "l1", "c1", "firing", T0);
    send(bot);
    send(utm);
    harness.setProcessingTime(T0 + WAIT);
    assertEquals(2, notifications().size());

    harness.setProcessingTime(T0 + HOUR - 1);
    assertEquals(2, notifications().size());
    harness.setProcessingTime(T0 + HOUR); // bot patterns: 1 h by default
    Notification botDone = byLabel(notifications(), "rule", "bot_burst");
    assertEquals(3, notifications().size());
    assertEquals("resolved", notifications().get(2).group.status);
    assertEquals("resolved", botDone.group.alerts.get(0).status);
    JsonSchemas.assertValidWebhookBody(notifications().get(2).body().webhook(T0 + HOUR));
    assertEquals(List.of("owner=ana@shop.example,rule=missing_utm"), liveGroups());

    harness.setProcessingTime(T0 + 2 * HOUR); // missing_utm: 2 h from the file
    assertEquals(4, notifications().size());
    assertEquals("resolved", notifications().get(3).group.status);
    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void aClientRotatingItsUserAgentGetsBoundedMessagesAndState() throws Exception {
    int maxGroups = 20;
    int maxAlerts = 10;
    open(
        "  - { to: [slack] }\n",
        ", max-groups-per-owner: " + maxGroups + ", max-alerts: " + maxAlerts);
    int clicks = 10_000;
    long every = SECOND; // one click a second, each from a "new" client: a new alert
    int maxLiveGroups = 0;
    int maxKept = 0;
    for (int i = 0; i < clicks; i++) {
      harness.setProcessingTime(T0 + i * every);
      Alert a = alert("bot_burst", null, "c1", "firing", T0 + i * every);
      a.subjectType = "client";
      a.subjectId = "client-" + i;
      AlertIds.identify(a, "");
      send(a);
      if (i % 500 == 0) {
        maxLiveGroups = Math.max(maxLiveGroups, liveGroups().size());
        maxKept = Math.max(maxKept, keptAlerts());
      }
    }
    long end = T0 + clicks * every + HOUR + INTERVAL;
    for (long t = T0 + clicks * every; t <= end; t += MINUTE) {
      harness.setProcessingTime(t);
    }

    assertTrue(maxLiveGroups <= maxGroups + 1, "groups: " + maxLiveGroups);
    assertTrue(maxKept <= (maxGroups + 1) * maxAlerts, "alerts kept: " + maxKept);
    List<Notification> sent = notifications();
    // A bounded group holds one client's alert: it fires once and resolves when the alert expires
    // (1 h), then frees its place, so at most max-groups groups open per hour; the overflow group
    // changes at most once per group interval.
    long overflowBound = (clicks * every + HOUR) / INTERVAL + 2;
    long overflow = sent.stream().filter(n -> n.group.overflow).count();
    assertTrue(overflow <= overflowBound, overflow + " overflow notifications");
    long hours = clicks * every / HOUR + 1;
    long grouped = sent.size() - overflow;
    assertTrue(
        grouped >= 2L * maxGroups && grouped <= 2L * maxGroups * hours,
        grouped + " notifications of bounded groups");
    assertEquals(
        sent.stream().filter(n -> !n.group.overflow && n.group.status.equals("firing")).count(),
        grouped / 2,
        "every bounded group that fired was resolved");
    Notification biggest =
        sent.stream()
            .filter(n -> n.group.overflow)
            .max(java.util.Comparator.comparingLong(n -> n.group.truncatedAlerts))
            .orElseThrow();
    assertEquals(maxAlerts, biggest.group.alerts.size(), "lists at most max-alerts");
    assertTrue(biggest.group.truncatedAlerts > 1000, "counts the rest");
    assertTrue(biggest.body().slack().contains("more"), biggest.body().slack());
    JsonSchemas.assertValidWebhookBody(biggest.body().webhook(T0));
    assertEquals(
        sent.size(), sent.stream().map(n -> n.webhookId).distinct().count(), "ids are unique");
    assertEquals(0, harness.numKeyedStateEntries(), "everything expired: no state left");
    assertEquals(0, harness.numProcessingTimeTimers());
  }

  @Test
  void stateAndTimersSurviveASnapshotWithTheSameWebhookIds() throws Exception {
    open("  - { to: [slack], group-by: [campaign_id] }\n", "");
    Alert a1 = alert("spike", "l1", "c1", "firing", T0);
    send(a1);
    var snapshot = harness.snapshot(1, T0);
    harness.setProcessingTime(T0 + WAIT);
    List<String> before = ids(notifications());
    harness.close();

    harness = newHarness();
    harness.setProcessingTime(T0);
    harness.initializeState(snapshot);
    harness.open();
    harness.setProcessingTime(T0 + WAIT);
    assertEquals(before, ids(notifications()), "the restored group sends the same notification");
  }

  // helpers

  private List<Notification> notifications() {
    return new ArrayList<>(harness.extractOutputValues());
  }

  private static List<String> ids(List<Notification> ns) {
    return ns.stream().map(n -> n.webhookId).toList();
  }

  private static Notification byLabel(List<Notification> ns, String label, String value) {
    return ns.stream()
        .filter(n -> value.equals(n.group.labels.get(label)))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no notification with " + label + "=" + value));
  }

  /** The live groups' labels, as k=v joined by commas, sorted. */
  private List<String> liveGroups() throws Exception {
    List<String> labels = new ArrayList<>();
    for (AlertGroup g : groups()) {
      labels.add(
          g.labels.entrySet().stream()
              .sorted(Map.Entry.comparingByKey())
              .map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining(",")));
    }
    labels.sort(null);
    return labels;
  }

  private int keptAlerts() throws Exception {
    int n = 0;
    for (AlertGroup g : groups()) {
      n += g.members.size();
    }
    return n;
  }

  private List<AlertGroup> groups() throws Exception {
    harness.getOperator().setCurrentKey("slack");
    List<AlertGroup> gs = new ArrayList<>();
    for (AlertGroup g : function.groups.values()) {
      gs.add(g);
    }
    return gs;
  }

  private void send(Alert a) throws Exception {
    harness.processElement(new StreamRecord<>(new Routed("slack", 0, a)));
  }

  static Alert alert(String rule, String link, String campaign, String status, long at) {
    Alert a = new Alert();
    a.rule = rule;
    a.severity = rule.equals("drop") ? "warning" : "info";
    a.status = status;
    a.subjectType = link == null ? "campaign" : "link";
    a.subjectId = link == null ? campaign : link;
    a.linkId = link;
    a.campaignId = campaign;
    a.owner = "ana@shop.example";
    a.windowStart = at - 2 * MINUTE;
    a.windowEnd = at;
    a.observed = 150;
    a.expected = 10;
    a.reason = rule + " on " + a.subjectId;
    AlertIds.identify(a, "https://grafana.example/d/x?var-link={link_id}");
    return a;
  }

  private static Alert resolved(Alert firing) {
    Alert r = io.clickpulse.jobs.json.Json.MAPPER.convertValue(firing, Alert.class);
    r.status = "resolved";
    return r;
  }
}
