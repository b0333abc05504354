package io.clickpulse.jobs.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Delivers the notifications of one destination (the key), one at a time, in processing time: at
 * most {@code max-per-second}, retried on the schedule (honouring Retry-After), given up to the
 * dead-letter output after the last attempt or on a permanent error. A 410 disables the
 * destination: what is queued and what comes later goes to dead letters, saying so.
 *
 * <p>Every attempt is emitted as a {@link DeliveryAttempt}. Delivered webhook ids are remembered (7
 * days) in checkpointed state, so a restarted job re-sends at most what was in flight since the
 * last checkpoint, with the same webhook-id.
 *
 * <p>Run by {@link DeliverOperator}, a send does not block the task: it starts, and its result
 * comes back as a timer of its destination (at most one send per destination under way).
 */
public class DeliverNotifications
    extends KeyedProcessFunction<String, Notification, DeliveryAttempt> {
  public static final OutputTag<DeliveryDeadLetter> DEAD_LETTERS =
      new OutputTag<>("delivery-dead-letters") {};

  /** A notification waiting for its next attempt. */
  /** How long past the exchange deadline a send's lease lasts: time for its result to land. */
  static final long LEASE_MARGIN_MILLIS = 5_000;

  public static class Pending {
    public Notification notification;
    public int attempts;
    public long dueAt;
  }

  private final DeliveryConfig config;
  private final SerializableEnvironment environment;

  private transient HttpDelivery http;
  private transient SmtpDelivery smtp;
  private transient RetrySchedule schedule;
  private transient Random random;

  /** Destinations with their secrets read, per task: secret rotation takes a restart. */
  private transient Map<String, DeliveryConfig.ResolvedDestination> destinations;

  /**
   * Hands a send's result to the task thread: runs {@code action} there, then fires a timer for the
   * key so that {@link #onTimer} handles it with the key's state. Set by {@link DeliverOperator};
   * without one (the function in a plain operator) sends are waited for.
   */
  public interface ResultChannel {
    void deliver(String key, Runnable action);
  }

  /** A send whose result came back and waits for its key's timer. */
  private record Landed(String webhookId, long sentAt, long lease, HttpDelivery.Result result) {}

  private transient ResultChannel channel;

  /** Per destination (the key), the send under way: at most one, so the rate limit holds. */
  private transient Map<String, CompletableFuture<HttpDelivery.Result>> inFlight;

  private transient Map<String, Landed> landed;

  private transient MapState<String, Pending> queue;
  private transient MapState<String, Boolean> delivered;
  private transient ValueState<Long> nextSendAt;
  private transient ValueState<Boolean> gone;

  /**
   * @param environment where destinations' secrets come from (System::getenv in production)
   */
  public DeliverNotifications(DeliveryConfig config, SerializableEnvironment environment) {
    this.config = config;
    this.environment = environment;
  }

  /** A serializable view of the process environment. */
  public interface SerializableEnvironment extends Function<String, String>, java.io.Serializable {}

  @Override
  public void open(OpenContext openContext) {
    http = new HttpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    smtp = new SmtpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    schedule = config.retrySchedule();
    random = new Random();
    destinations = new java.util.HashMap<>();
    inFlight = new java.util.HashMap<>();
    landed = new java.util.HashMap<>();
    queue =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("queue", String.class, Pending.class));
    MapStateDescriptor<String, Boolean> deliveredDescriptor =
        new MapStateDescriptor<>("delivered", String.class, Boolean.class);
    deliveredDescriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(Duration.ofDays(7)).cleanupFullSnapshot().build());
    delivered = getRuntimeContext().getMapState(deliveredDescriptor);
    nextSendAt =
        getRuntimeContext().getState(new ValueStateDescriptor<>("next-send-at", Long.class));
    gone = getRuntimeContext().getState(new ValueStateDescriptor<>("gone", Boolean.class));
  }

  void setResultChannel(ResultChannel channel) {
    this.channel = channel;
  }

  /** Sends under way on this task, for tests. */
  int sendsInFlight() {
    return inFlight.size();
  }

  @Override
  public void close() throws Exception {
    // Their notifications are still queued in state: a restored job sends them again.
    inFlight.values().forEach(f -> f.cancel(true));
    inFlight.clear();
    if (http != null) {
      http.close();
    }
  }

  @Override
  public void processElement(Notification n, Context ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    if (delivered.contains(n.webhookId) || queue.contains(n.webhookId)) {
      return;
    }
    long now = ctx.timerService().currentProcessingTime();
    if (Boolean.TRUE.equals(gone.value())) {
      deadLetter(ctx, n, 0, "destination disabled: it answered 410 Gone", out, now);
      return;
    }
    Pending p = new Pending();
    p.notification = n;
    p.dueAt = now;
    queue.put(n.webhookId, p);
    schedule(ctx.timerService(), now);
  }

  @Override
  public void onTimer(long now, OnTimerContext ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    Landed result = landed.remove(key);
    if (result != null) {
      inFlight.remove(key);
      ctx.timerService().deleteProcessingTimeTimer(result.lease());
      Pending p = queue.get(result.webhookId());
      if (p != null) {
        try {
          handle(p, result.sentAt(), result.result(), ctx, out);
        } catch (RuntimeException e) {
          queue.remove(p.notification.webhookId);
          deadLetter(
              ctx, p.notification, p.attempts, processingError(e, destinations.get(key)), out, now);
        }
      }
      schedule(ctx.timerService(), now); // the next one, when due and the rate limit allows
      return;
    }
    if (inFlight.containsKey(key)) {
      return; // its result fires a timer; the lease timer covers a restart
    }
    Long allowedAt = nextSendAt.value();
    if (allowedAt != null && now < allowedAt) {
      ctx.timerService().registerProcessingTimeTimer(allowedAt);
      return;
    }
    Pending next = null;
    for (Map.Entry<String, Pending> e : queue.entries()) {
      Pending p = e.getValue();
      if (p.dueAt <= now && (next == null || p.dueAt < next.dueAt)) {
        next = p;
      }
    }
    if (next != null) {
      attempt(next, ctx, out);
    }
    schedule(ctx.timerService(), ctx.timerService().currentProcessingTime());
  }

  /**
   * Sends one notification. Times come from the clock, not from the timer: a timer fires late when
   * a slow receiver of another destination held this task, and a wait (the schedule's, a
   * Retry-After) counts from the receiver's answer, however long the request took.
   */
  private void attempt(Pending p, OnTimerContext ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    Notification n = p.notification;
    DeliveryConfig.ResolvedDestination destination;
    try {
      destination =
          destinations.computeIfAbsent(
              n.destination, name -> config.resolve(name, environment, config.outboundPolicy()));
    } catch (IllegalArgumentException e) {
      queue.remove(n.webhookId);
      deadLetter(ctx, n, p.attempts, "destination misconfigured: " + e.getMessage(), out, now);
      return;
    }
    nextSendAt.update(now + (long) Math.ceil(1000 / destination.maxPerSecond()));
    p.attempts++;
    try {
      send(p, destination, ctx, out, now);
    } catch (RuntimeException e) {
      // A bug or an odd alert breaks this one notification, never the job: restored from state,
      // it would fail the task again on every restart.
      queue.remove(n.webhookId);
      deadLetter(ctx, n, p.attempts, processingError(e, destination), out, now);
    }
  }

  /**
   * The reason of a notification that could not be built or sent: the exception's class, where it
   * was thrown and the first line of its message, with the destination's URL and secrets blanked
   * (dead letters never carry them).
   */
  static String processingError(RuntimeException e, DeliveryConfig.ResolvedDestination d) {
    StringBuilder reason = new StringBuilder("processing_error: ").append(e.getClass().getName());
    StackTraceElement[] trace = e.getStackTrace();
    if (trace.length > 0) {
      reason.append(" at ").append(trace[0]);
    }
    String message = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
    if (d == null) {
      return message.isEmpty() ? reason.toString() : reason.append(": ").append(message).toString();
    }
    if (d.url() != null && !d.url().isEmpty()) {
      message = message.replace(d.url(), "<url>");
    }
    for (String secret : d.secrets()) {
      message = message.replace(secret, "<secret>");
    }
    return message.isEmpty() ? reason.toString() : reason.append(": ").append(message).toString();
  }

  /**
   * Starts the send. Until its result is handled the notification stays queued, its due time moved
   * to a lease past the exchange deadline: a checkpoint taken meanwhile holds it, so a restored job
   * sends it again (same webhook-id) when the lease ends; never lost, at most one duplicate.
   */
  private void send(
      Pending p,
      DeliveryConfig.ResolvedDestination destination,
      OnTimerContext ctx,
      Collector<DeliveryAttempt> out,
      long now)
      throws Exception {
    Notification n = p.notification;
    CompletableFuture<HttpDelivery.Result> sending =
        "email".equals(destination.type())
            ? smtp.sendAsync(destination, n.webhookId, n.body(), now)
            : http.sendAsync(destination, n, now);
    if (channel == null) {
      handle(p, now, sending.join(), ctx, out);
      return;
    }
    String key = ctx.getCurrentKey();
    long lease = now + http.deadline().toMillis() + LEASE_MARGIN_MILLIS;
    p.dueAt = lease;
    queue.put(n.webhookId, p);
    ctx.timerService().registerProcessingTimeTimer(lease);
    inFlight.put(key, sending);
    String webhookId = n.webhookId;
    sending.thenAccept(
        r -> {
          try {
            channel.deliver(key, () -> landed.put(key, new Landed(webhookId, now, lease, r)));
          } catch (RuntimeException closed) {
            // The task is ending: the notification is still queued in the last checkpoint.
          }
        });
  }

  /** What an answer means: delivered, retried later, or given up on. */
  private void handle(
      Pending p,
      long sentAt,
      HttpDelivery.Result result,
      OnTimerContext ctx,
      Collector<DeliveryAttempt> out)
      throws Exception {
    Notification n = p.notification;
    long now = ctx.timerService().currentProcessingTime();
    DeliveryConfig.ResolvedDestination destination = destinations.get(n.destination);
    RetrySchedule.Outcome outcome =
        SmtpOutcome.classify(destination == null ? null : destination.type(), result.status());
    DeliveryAttempt a = DeliveryAttempt.of(n, p.attempts, sentAt, result, null);
    switch (outcome) {
      case DELIVERED -> {
        queue.remove(n.webhookId);
        delivered.put(n.webhookId, true);
        a.outcome = "delivered";
        out.collect(a);
      }
      case RETRY -> {
        RetrySchedule.Next next =
            schedule.decide(p.attempts, random.nextDouble(), result.retryAfter());
        a.outcome = next.retry() ? "retry" : "dead_letter";
        out.collect(a);
        if (!next.retry()) {
          queue.remove(n.webhookId);
          ctx.output(
              DEAD_LETTERS,
              DeliveryDeadLetter.of(n, p.attempts, next.giveUpReason() + ": " + result.error()));
        } else {
          p.dueAt = ctx.timerService().currentProcessingTime() + next.delay().toMillis();
          queue.put(n.webhookId, p);
        }
      }
      case FAILED -> {
        queue.remove(n.webhookId);
        a.outcome = "failed";
        out.collect(a);
        ctx.output(
            DEAD_LETTERS,
            DeliveryDeadLetter.of(n, p.attempts, "permanent failure: " + result.error()));
      }
      case GONE -> {
        queue.remove(n.webhookId);
        gone.update(true);
        a.outcome = "gone";
        out.collect(a);
        ctx.output(
            DEAD_LETTERS,
            DeliveryDeadLetter.of(
                n, p.attempts, "destination answered 410 Gone and is now disabled"));
        for (Pending waiting : queue.values()) {
          deadLetter(
              ctx,
              waiting.notification,
              waiting.attempts,
              "destination disabled: it answered 410 Gone",
              out,
              now);
        }
        queue.clear();
      }
    }
  }

  private void deadLetter(
      Context ctx,
      Notification n,
      int attempts,
      String reason,
      Collector<DeliveryAttempt> out,
      long now) {
    DeliveryAttempt a = new DeliveryAttempt();
    a.webhookId = n.webhookId;
    a.alertId = n.subject();
    a.destination = n.destination;
    a.attempt = attempts;
    a.attemptedAt = now;
    a.outcome = "dead_letter";
    a.error = reason;
    out.collect(a);
    ctx.output(DEAD_LETTERS, DeliveryDeadLetter.of(n, attempts, reason));
  }

  /** Next timer: the earliest due notification, but not before the rate limit allows. */
  private void schedule(org.apache.flink.streaming.api.TimerService timers, long now)
      throws Exception {
    long earliest = Long.MAX_VALUE;
    for (Pending p : queue.values()) {
      earliest = Math.min(earliest, p.dueAt);
    }
    if (earliest == Long.MAX_VALUE) {
      return;
    }
    Long allowedAt = nextSendAt.value();
    timers.registerProcessingTimeTimer(
        Math.max(Math.max(earliest, now), allowedAt == null ? 0 : allowedAt));
  }
}
