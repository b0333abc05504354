package io.clickpulse.jobs.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.operators.MailboxExecutor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.operators.YieldingOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each route's digest at its scheduled times (processing time), once per period, across
 * restarts (docs/delivery.md "Digest on a schedule"). Keyed by route; the input is the route keys,
 * repeated as a heartbeat, so a route is picked up on any start, with or without a savepoint.
 *
 * <p>Per route, in keyed state: {@code done-through} (the end of the latest period that needs no
 * send: sent, or before the route's first start), {@code pending} (the end of the period owed, only
 * the latest one) and {@code next} (the one timer: the next send time). A job started without state
 * first reads the last period sent from ClickHouse ({@code digest_sends}), so it neither resends it
 * nor, after missing a send time while down, sends more than the latest missed period.
 *
 * <p>The lookup and the send (a ClickHouse query, HTTP/SMTP with retries) run on a thread of this
 * operator's own with a deadline; results come back through the mailbox ({@link KeyedMailbox}),
 * like {@link DeliverOperator}'s. A send that throws (ClickHouse unreachable) is tried again after
 * {@link #RETRY_AFTER_FAILURE}; one where a destination gave up after its retries is done (the
 * attempts are in {@code alert_deliveries}, like any dead letter).
 */
public final class DigestScheduleOperator extends AbstractStreamOperator<String>
    implements OneInputStreamOperator<String, String>,
        Triggerable<String, VoidNamespace>,
        YieldingOperator<String> {
  private static final Logger LOG = LoggerFactory.getLogger(DigestScheduleOperator.class);

  /** How long after a failed lookup or send it is tried again. */
  static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(5);

  private final Map<String, DigestSchedule> schedules;
  private final DigestScheduleSender sender;
  private final long deadlineMillis;

  private transient MailboxExecutor mailbox;
  private transient KeyedMailbox results;
  private transient InternalTimerService<VoidNamespace> timers;
  private transient ValueState<Long> doneThrough;
  private transient ValueState<Long> pending;
  private transient ValueState<Long> next;
  // Not checkpointed: after a restore no lookup or send is under way.
  private transient Set<String> busy;
  private transient Map<String, Long> retryNotBefore;
  private transient ExecutorService executor;

  /**
   * @param deadline how long a lookup or a send (with its retries) may take before it counts as
   *     failed and its thread is interrupted
   */
  public DigestScheduleOperator(
      Map<String, DigestSchedule> schedules, DigestScheduleSender sender, Duration deadline) {
    this.schedules = Map.copyOf(schedules);
    this.sender = sender;
    this.deadlineMillis = deadline.toMillis();
  }

  @Override
  public void setMailboxExecutor(MailboxExecutor mailboxExecutor) {
    this.mailbox = mailboxExecutor;
  }

  @Override
  public void open() throws Exception {
    super.open();
    results = new KeyedMailbox(mailbox, this, "digest result for %s");
    timers = getInternalTimerService("digest-schedule", VoidNamespaceSerializer.INSTANCE, this);
    doneThrough =
        getKeyedStateStore().getState(new ValueStateDescriptor<>("done-through", Types.LONG));
    pending = getKeyedStateStore().getState(new ValueStateDescriptor<>("pending", Types.LONG));
    next = getKeyedStateStore().getState(new ValueStateDescriptor<>("next", Types.LONG));
    busy = new HashSet<>();
    retryNotBefore = new HashMap<>();
    executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "digest-schedule");
              t.setDaemon(true);
              return t;
            });
  }

  /** A heartbeat for the route {@code key}: schedules it if it is not, sends what is owed. */
  @Override
  public void processElement(StreamRecord<String> element) throws Exception {
    check(element.getValue());
  }

  @Override
  public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
    if (Long.valueOf(timer.getTimestamp()).equals(next.value())) {
      next.clear();
    }
    check(timer.getKey());
  }

  @Override
  public void onEventTime(InternalTimer<String, VoidNamespace> timer) {}

  /** With the current key {@code route}: keeps its one timer and starts what is owed. */
  private void check(String route) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    DigestSchedule schedule = schedules.get(route);
    if (schedule == null) { // a route removed from the file since the savepoint
      Long timer = next.value();
      if (timer != null) {
        timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, timer);
      }
      doneThrough.clear();
      pending.clear();
      next.clear();
      return;
    }
    if (busy.contains(route) || now < retryNotBefore.getOrDefault(route, Long.MIN_VALUE)) {
      return;
    }
    Long done = doneThrough.value();
    if (done == null) {
      offTask(route, () -> sender.lastSent(route), (last, failure) -> looked(route, last, failure));
      return;
    }
    long due = schedule.latestAtOrBefore(Instant.ofEpochMilli(now)).toEpochMilli();
    Long owed = pending.value();
    if (due > done && (owed == null || due > owed)) {
      owed = due; // only the latest missed period
      pending.update(owed);
    }
    long expected = schedule.next(Instant.ofEpochMilli(now)).toEpochMilli();
    Long timer = next.value();
    if (timer == null || timer != expected) {
      if (timer != null) {
        timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, timer);
      }
      timers.registerProcessingTimeTimer(VoidNamespace.INSTANCE, expected);
      next.update(expected);
    }
    if (owed != null) {
      DigestPeriod period = schedule.periodEndingAt(Instant.ofEpochMilli(owed));
      long end = owed;
      offTask(
          route,
          () -> sender.send(route, period, schedule.destinations()),
          (all, failure) -> sent(route, end, all, failure));
    }
  }

  /** A lookup's result, on the task thread with the route as current key. */
  private void looked(String route, Instant last, Throwable failure) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (failure != null) {
      LOG.warn("Digest {}: cannot read digest_sends, trying again later: {}", route, failure);
      retryNotBefore.put(route, now + RETRY_AFTER_FAILURE.toMillis());
      return;
    }
    // Never sent: periods before this start are not owed; the first goes out at the next time.
    doneThrough.update(
        last != null
            ? last.toEpochMilli()
            : schedules.get(route).latestAtOrBefore(Instant.ofEpochMilli(now)).toEpochMilli());
    check(route);
  }

  /** A send's result, on the task thread with the route as current key. */
  private void sent(String route, long end, Boolean all, Throwable failure) throws Exception {
    long now = getProcessingTimeService().getCurrentProcessingTime();
    if (failure != null) {
      LOG.warn(
          "Digest {}: the send of the period ending {} failed, trying again later: {}",
          route,
          Instant.ofEpochMilli(end),
          failure.toString());
      retryNotBefore.put(route, now + RETRY_AFTER_FAILURE.toMillis());
      return;
    }
    Long done = doneThrough.value();
    doneThrough.update(done == null ? end : Math.max(done, end));
    if (Long.valueOf(end).equals(pending.value())) {
      pending.clear();
    }
    String outcome = Boolean.TRUE.equals(all) ? "sent" : "sent, some destinations gave up";
    LOG.info("Digest {} for the period ending {}: {}", route, Instant.ofEpochMilli(end), outcome);
    output.collect(new StreamRecord<>(route + " " + Instant.ofEpochMilli(end) + " " + outcome));
    check(route); // a newer period may have come due meanwhile
  }

  private interface Result<T> {
    void accept(T value, Throwable failure) throws Exception;
  }

  /** Runs {@code work} off the task thread; its result comes back through the mailbox. */
  private <T> void offTask(String route, Callable<T> work, Result<T> onResult) {
    busy.add(route);
    CompletableFuture<T> result = new CompletableFuture<>();
    Future<?> running =
        executor.submit(
            () -> {
              try {
                result.complete(work.call());
              } catch (Throwable e) {
                result.completeExceptionally(e);
              }
            });
    result
        .orTimeout(deadlineMillis, TimeUnit.MILLISECONDS)
        .whenComplete(
            (value, failure) -> {
              if (failure != null) {
                running.cancel(true); // past the deadline: interrupt its waits
              }
              results.post(
                  route,
                  () -> {
                    busy.remove(route);
                    onResult.accept(value, failure);
                  });
            });
  }

  /** Lookups and sends under way (tests wait for them). */
  int underWay() {
    return busy.size();
  }

  @Override
  public void close() throws Exception {
    if (executor != null) {
      executor.shutdownNow();
    }
    super.close();
  }
}
