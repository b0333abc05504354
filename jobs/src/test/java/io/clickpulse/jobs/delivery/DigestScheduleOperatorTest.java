package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.testing.Mailboxes;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The schedule operator in a harness: when it sends, what, and that it sends each period once. */
class DigestScheduleOperatorTest {
  private static final String ROUTE = "route-0";
  // Europe/Berlin in December is UTC+1: the 09:00 send is at 08:00Z.
  private static final DigestSchedule DAILY_0900_BERLIN =
      new DigestSchedule(
          ROUTE, List.of(LocalTime.of(9, 0)), ZoneId.of("Europe/Berlin"), List.of("ops", "mail"));

  private final FakeSender sender = new FakeSender();
  private KeyedOneInputStreamOperatorTestHarness<String, String, String> harness;
  private DigestScheduleOperator operator;

  @AfterEach
  void close() throws Exception {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void sendsThePeriodJustEndedAtTheScheduledTimeInTheRoutesZone() throws Exception {
    start(null, at("2026-12-05T07:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    assertEquals(List.of(), sender.sent, "a route never sent waits for its first send time");
    assertEquals(1, harness.numProcessingTimeTimers());

    advanceTo(at("2026-12-05T07:59:59.999Z"));
    assertEquals(List.of(), sender.sent);
    advanceTo(at("2026-12-05T08:00:00Z"));
    assertEquals(
        List.of("route-0 2026-12-04T08:00:00Z..2026-12-05T08:00:00Z [ops, mail]"), sender.sent);
    assertEquals(1, harness.extractOutputValues().size());

    advanceTo(at("2026-12-05T08:01:00Z"));
    heartbeat();
    assertEquals(1, sender.sent.size(), "a heartbeat after the send sends nothing");
    assertEquals(1, harness.numProcessingTimeTimers(), "only the next send time");
    assertEquals(2, harness.numKeyedStateEntries(), "done-through and next; nothing pending");

    advanceTo(at("2026-12-06T08:00:00Z"));
    assertEquals(
        "route-0 2026-12-05T08:00:00Z..2026-12-06T08:00:00Z [ops, mail]", sender.sent.get(1));
    assertEquals(1, harness.numProcessingTimeTimers());
  }

  @Test
  void aRestoreDoesNotResendWhatTheStateSaysWasSent() throws Exception {
    start(null, at("2026-12-05T07:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    advanceTo(at("2026-12-05T08:00:00Z"));
    assertEquals(1, sender.sent.size());
    OperatorSubtaskState snapshot = harness.snapshot(1, at("2026-12-05T08:00:00Z"));
    harness.close();
    sender.store.clear(); // only the state can tell
    sender.lookups.set(0);

    start(snapshot, at("2026-12-05T08:05:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    advanceTo(at("2026-12-05T12:00:00Z"));
    assertEquals(1, sender.sent.size());
    assertEquals(0, sender.lookups.get(), "the state knows; ClickHouse is not asked");
    assertEquals(1, harness.numProcessingTimeTimers());
    advanceTo(at("2026-12-06T08:00:00Z"));
    assertEquals(2, sender.sent.size());
  }

  @Test
  void aRestoreAfterMissingSeveralSendTimesSendsOnlyTheLatestMissedPeriodOnce() throws Exception {
    start(null, at("2026-12-05T07:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    OperatorSubtaskState snapshot = harness.snapshot(1, at("2026-12-05T07:00:00Z"));
    harness.close();

    // down from before the 5th's send until after the 7th's
    start(snapshot, at("2026-12-07T10:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    advanceTo(at("2026-12-07T10:00:00Z")); // the restored timer is overdue: it fires at once
    heartbeat();
    advanceTo(at("2026-12-07T11:00:00Z"));
    heartbeat();
    assertEquals(
        List.of("route-0 2026-12-06T08:00:00Z..2026-12-07T08:00:00Z [ops, mail]"), sender.sent);
    assertEquals(1, harness.numProcessingTimeTimers());
    advanceTo(at("2026-12-08T08:00:00Z"));
    assertEquals(
        "route-0 2026-12-07T08:00:00Z..2026-12-08T08:00:00Z [ops, mail]",
        sender.sent.get(1),
        "the one timer left is the next send time");
  }

  @Test
  void aStartWithoutStateReadsTheLastSendFromClickHouse() throws Exception {
    sender.store.put(ROUTE, Instant.parse("2026-12-05T08:00:00Z"));
    start(null, at("2026-12-05T09:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    heartbeat();
    assertEquals(List.of(), sender.sent, "the period ending 08:00Z was sent before");
    assertEquals(1, sender.lookups.get());

    harness.close();
    sender.lookups.set(0);
    sender.store.put(ROUTE, Instant.parse("2026-12-03T08:00:00Z"));
    start(null, at("2026-12-05T12:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    heartbeat();
    assertEquals(
        List.of("route-0 2026-12-04T08:00:00Z..2026-12-05T08:00:00Z [ops, mail]"),
        sender.sent,
        "missed the 4th and the 5th: only the latest is sent");
    assertEquals(1, harness.numProcessingTimeTimers());
  }

  @Test
  void aSendThatFailsIsTriedAgainAfterTheRetryDelayNotAtEveryHeartbeat() throws Exception {
    start(null, at("2026-12-05T07:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    sender.failures.set(1);
    advanceTo(at("2026-12-05T08:00:00Z"));
    assertEquals(List.of(), sender.sent);
    assertEquals(1, sender.attempts.get());
    advanceTo(at("2026-12-05T08:01:00Z"));
    heartbeat();
    assertEquals(1, sender.attempts.get(), "within the retry delay");
    advanceTo(at("2026-12-05T08:00:00Z") + DigestScheduleOperator.RETRY_AFTER_FAILURE.toMillis());
    heartbeat();
    assertEquals(
        List.of("route-0 2026-12-04T08:00:00Z..2026-12-05T08:00:00Z [ops, mail]"), sender.sent);
    assertEquals(2, harness.numKeyedStateEntries(), "nothing pending after the send");
  }

  @Test
  void aRouteRemovedFromTheFileLeavesNoTimerOrState() throws Exception {
    start(null, at("2026-12-05T07:00:00Z"), Map.of(ROUTE, DAILY_0900_BERLIN));
    heartbeat();
    OperatorSubtaskState snapshot = harness.snapshot(1, at("2026-12-05T07:00:00Z"));
    harness.close();

    start(snapshot, at("2026-12-05T07:30:00Z"), Map.of());
    assertEquals(1, harness.numProcessingTimeTimers());
    advanceTo(at("2026-12-05T08:00:00Z"));
    assertEquals(List.of(), sender.sent);
    assertEquals(0, harness.numProcessingTimeTimers());
    assertEquals(0, harness.numKeyedStateEntries());
  }

  private void start(OperatorSubtaskState state, long now, Map<String, DigestSchedule> schedules)
      throws Exception {
    operator = new DigestScheduleOperator(schedules, sender, Duration.ofSeconds(30));
    harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, r -> r, Types.STRING);
    harness.setProcessingTime(now);
    if (state != null) {
      harness.initializeState(state);
    }
    harness.open();
  }

  private void heartbeat() throws Exception {
    harness.processElement(new StreamRecord<>(ROUTE));
    settle();
  }

  private void advanceTo(long time) throws Exception {
    harness.setProcessingTime(time);
    settle();
  }

  /** Runs every lookup and send under way to its end, handling results as the mailbox would. */
  private void settle() throws Exception {
    while (operator.underWay() > 0) {
      Mailboxes.runNext(harness.getTaskMailbox(), "result");
    }
  }

  private static long at(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  /** ClickHouse and the destinations: records sends, remembers the last one per route. */
  static final class FakeSender implements DigestScheduleSender {
    final Map<String, Instant> store = new ConcurrentHashMap<>();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final AtomicInteger lookups = new AtomicInteger();
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger failures = new AtomicInteger();

    @Override
    public Instant lastSent(String route) {
      lookups.incrementAndGet();
      return store.get(route);
    }

    @Override
    public boolean send(String route, DigestPeriod period, List<String> destinations) {
      attempts.incrementAndGet();
      if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new IllegalStateException("Cannot read the digest from ClickHouse: refused");
      }
      sent.add(route + " " + period.start() + ".." + period.end() + " " + destinations);
      store.merge(route, period.end(), (a, b) -> a.isAfter(b) ? a : b);
      return true;
    }
  }
}
