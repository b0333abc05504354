package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.clickhouse.ClickHouseMigrations;
import io.clickpulse.jobs.clickhouse.ClickHouseSettings;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.jobs.testing.Mailboxes;
import io.clickpulse.stack.ClickHouseServer;
import io.clickpulse.stack.Engines;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduled digest on the real ClickHouse: its content (conversions, catalog names) from rows
 * inserted here, and {@code digest_sends} keeping a job started without state from resending.
 */
@Tag("engines")
class DigestScheduleITCase {

  @Test
  @Timeout(180)
  void digestShowsConversionsAndNamesAndIsNotResentAfterARestartWithoutState() throws Exception {
    ClickHouseServer clickhouse = Engines.sharedClickHouse();
    String db = Engines.unique("digest_schedule");
    new ClickHouseMigrations(clickhouse.jdbcUrl(db), "default", "").apply();

    try (var slack = new FakeReceiver()) {
      String yaml =
          "destinations:\n"
              + "  slack: { type: slack, url: '"
              + slack.url("/s")
              + "' }\n"
              + "routes:\n"
              + "  - to: [slack]\n"
              + "    digest: { schedule: daily, at: '09:00', time-zone: Europe/Berlin }\n"
              + "retry: { delays: ['100 ms'] }\n"
              + "outbound: { allowed-hosts: ['127.0.0.1'] }\n";
      DeliverNotifications.SerializableEnvironment env = k -> null;
      DeliveryConfig config =
          DeliveryConfig.parse(
              new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml", env);
      DigestSchedule schedule = config.digestSchedules().get("route-0");
      Instant end = schedule.latestAtOrBefore(Instant.now().minus(Duration.ofDays(2)));
      DigestPeriod period = schedule.periodEndingAt(end);
      long start = period.start().toEpochMilli();

      List<String> clicks = new ArrayList<>();
      clicks(clicks, "l1", "c1", start, 20, 302);
      clicks(clicks, "l2", "c1", start, 12, 302);
      clicks(clicks, "l2", "c1", start - 3_600_000, 2, 302); // the period before
      clicks(clicks, "l3", "c2", start, 4, 302);
      clicks(clicks, "l3", "c2", start + 600_000, 3, 502);
      clicks(clicks, "l4", "c4", start - 3 * 86_400_000L, 5, 302); // silent since
      clicks(clicks, "l5", "c1", start - 2 * 86_400_000L, 5, 302); // silent since
      clicks(clicks, "l1", "c1", end.toEpochMilli(), 9, 302); // the next period
      clickhouse.query(
          "INSERT INTO "
              + db
              + ".clicks (event_id, event_time, link_id, campaign_id, redirect_status) VALUES "
              + String.join(",", clicks));
      clickhouse.query(
          "INSERT INTO "
              + db
              + ".link_events (link_id, version, event_id, event_type, event_time, short_url,"
              + " campaign_id, campaign_name) VALUES"
              + " ('l1', 1, 'e1', 'created', now64(3), 'go.shop.example/old', 'c1', 'Spring'),"
              + " ('l1', 2, 'e2', 'updated', now64(3), 'go.shop.example/spring', 'c1', 'Spring sale'),"
              + " ('l5', 1, 'e3', 'created', now64(3), 'go.shop.example/l5', 'c1', 'Spring sale')");
      String in = "fromUnixTimestamp64Milli(toInt64(%d), 'UTC')";
      String t = String.format(in, start + 3_600_000);
      clickhouse.query(
          "INSERT INTO "
              + db
              + ".conversions (conversion_id, slot, conversion_type, conversion_time, amount,"
              + " currency, is_test, model, weight, link_id, campaign_id, attributed_at) VALUES"
              + " ('cv1', 0, 'sale', "
              + t
              + ", 120.5, 'EUR', false, 'last_click', 1, 'l1', 'c1', now64(3)),"
              + " ('cv2', 0, 'lead', "
              + t
              + ", 0, '', false, 'last_click', 1, 'l2', 'c1', now64(3)),"
              + " ('cv3', 0, 'sale', "
              + t
              + ", 30, 'USD', false, 'last_click', 1, 'l3', 'c2', now64(3)),"
              + " ('cv3', 1, 'sale', "
              + t
              + ", 30, 'USD', false, 'assisted', 1, 'l1', 'c1', now64(3)),"
              + " ('cv4', 0, 'sale', "
              + t
              + ", 99, 'EUR', true, 'last_click', 1, 'l1', 'c1', now64(3)),"
              + " ('cv5', 0, 'sale', "
              + String.format(in, start - 60_000)
              + ", 50, 'EUR', false, 'last_click', 1, 'l1', 'c1', now64(3))");

      ClickHouseSettings settings =
          ClickHouseSettings.connection(
              Settings.load(new String[] {"--clickhouse.url", clickhouse.jdbcUrl(db)}, Map.of()));
      DigestSends sends = new DigestSends(config, env, settings);
      assertEquals(null, sends.lastSent("route-0"), "nothing recorded yet");

      // The send the schedule makes at `end`: a restarted job without state started afterwards.
      KeyedOneInputStreamOperatorTestHarness<String, String, String> first =
          harness(config, sends, end.toEpochMilli() - 60_000);
      first.processElement(new StreamRecord<>("route-0"));
      settle(first);
      first.setProcessingTime(end.toEpochMilli());
      settle(first);
      first.close();

      assertEquals(1, slack.requests.size());
      String message = slack.requests.get(0).body();
      for (String line :
          List.of(
              "go.shop.example/spring (Spring sale): 20 human clicks",
              "l2: 12 vs 2 the period before",
              "l3: 3 failed redirects of 7",
              "l4 (c4)",
              "go.shop.example/l5 (Spring sale)",
              "3 conversions from 39 human clicks (7.7 %)",
              "Revenue: 120.50 EUR, 30.00 USD",
              "Spring sale: 2 conversions",
              "c2: 1 conversion",
              period.label())) {
        assertTrue(message.contains(line), line + " in " + message);
      }
      assertFalse(message.contains("go.shop.example/old"), "the catalog's latest version names");
      assertEquals(end, sends.lastSent("route-0"));
      assertEquals(
          DigestSends.webhookId("slack", "route-0", period),
          clickhouse
              .query("SELECT webhook_id FROM " + db + ".digest_sends WHERE route = 'route-0'")
              .strip());

      // A job started from scratch an hour later: digest_sends says the period went out.
      KeyedOneInputStreamOperatorTestHarness<String, String, String> fresh =
          harness(config, sends, end.toEpochMilli() + 3_600_000);
      fresh.processElement(new StreamRecord<>("route-0"));
      settle(fresh);
      fresh.processElement(new StreamRecord<>("route-0"));
      settle(fresh);
      assertEquals(1, slack.requests.size(), "not sent again");
      assertEquals(1, fresh.numProcessingTimeTimers(), "the next send time");
      fresh.close();
      assertEquals(
          "1",
          clickhouse
              .query("SELECT count() FROM " + db + ".alert_deliveries WHERE outcome = 'delivered'")
              .strip());
    }
  }

  private static DigestScheduleOperator operator;

  private static KeyedOneInputStreamOperatorTestHarness<String, String, String> harness(
      DeliveryConfig config, DigestSends sends, long now) throws Exception {
    operator = new DigestScheduleOperator(config.digestSchedules(), sends, Duration.ofMinutes(1));
    var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, (String r) -> r, Types.STRING);
    h.setProcessingTime(now);
    h.open();
    return h;
  }

  private static void settle(KeyedOneInputStreamOperatorTestHarness<String, String, String> h)
      throws Exception {
    while (operator.underWay() > 0) {
      Mailboxes.runNext(h.getTaskMailbox(), "result", Duration.ofSeconds(60));
    }
  }

  private static void clicks(
      List<String> rows, String link, String campaign, long from, int n, int status) {
    for (int i = 0; i < n; i++) {
      rows.add(
          String.format(
              "('%s-%d-%d-%d', %d, '%s', '%s', %d)",
              link, from, status, i, from + i * 60_000L, link, campaign, status));
    }
  }
}
