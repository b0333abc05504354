package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.delivery.TicketIncident.Action;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One ticket per incident (key: {@code destination/alert id}): searches for it, opens it, comments
 * when the alert fires again (at most hourly), comments and closes it when the alert resolves, then
 * clears the state ({@link TicketIncident} decides what comes next).
 *
 * <p>Like {@link DeliverNotifications}: run by {@link TicketOperator}, a request does not block the
 * task; its result comes back through the mailbox as a timer of its key. Failed requests are
 * retried on the file's retry schedule, then dead-lettered with the reason; every request is a row
 * of {@code alert_deliveries} (webhook id {@code ticket.<alert id>.<action>}).
 *
 * <p>Exactly one ticket per incident: an open is always preceded by a search for the incident's
 * marker, and a request under way holds a lease in state: a job restored from a checkpoint taken
 * during an open searches again (finding the ticket if the open reached the API) before opening.
 */
public class TicketFunction extends KeyedProcessFunction<String, Routed, DeliveryAttempt> {
  private final DeliveryConfig config;
  private final DeliverNotifications.SerializableEnvironment environment;

  private transient HttpDelivery http;
  private transient RetrySchedule schedule;
  private transient Random random;
  private transient Map<String, TicketSettings> settings;
  private transient Map<String, TicketTemplate> templates;
  private transient Map<String, String> problems;
  private transient ValueState<TicketIncident> incident;

  private transient DeliverNotifications.ResultChannel channel;

  /** Per key, the request under way; its result lands in {@link #landed} for the key's timer. */
  private transient Map<String, CompletableFuture<HttpDelivery.Exchange>> inFlight;

  private transient Map<String, Landed> landed;

  private record Landed(Action action, long sentAt, HttpDelivery.Exchange exchange) {}

  public TicketFunction(
      DeliveryConfig config, DeliverNotifications.SerializableEnvironment environment) {
    this.config = config;
    this.environment = environment;
  }

  /** The key of an incident: its ticket destination and alert id. */
  public static String key(Routed r) {
    return r.destination + "/" + r.alert.alertId;
  }

  @Override
  public void open(OpenContext openContext) {
    http = new HttpDelivery(config.connectTimeout(), config.readTimeout(), config.outboundPolicy());
    schedule = config.retrySchedule();
    random = new Random();
    settings = new HashMap<>();
    templates = new HashMap<>();
    // Tokens are read here, in the task: they never travel in the job graph.
    problems = new HashMap<>();
    for (TicketSettings.InTask t : config.tickets(environment)) {
      if (t.settings() == null) {
        problems.put(t.name(), t.problem()); // its requests dead-letter, the job goes on
      } else {
        settings.put(t.name(), t.settings());
        templates.put(t.name(), TicketTemplate.of(t.settings()));
      }
    }
    inFlight = new HashMap<>();
    landed = new HashMap<>();
    incident =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("ticket-incident", TicketIncident.class));
  }

  void setResultChannel(DeliverNotifications.ResultChannel channel) {
    this.channel = channel;
  }

  /** Requests under way on this task, for tests. */
  int requestsInFlight() {
    return inFlight.size();
  }

  @Override
  public void close() {
    // What was under way is leased in state: a restored job searches, then goes on.
    inFlight.values().forEach(f -> f.cancel(true));
    inFlight.clear();
    if (http != null) {
      http.close();
    }
  }

  @Override
  public void processElement(Routed r, Context ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    TicketIncident s = incident.value();
    boolean resolved = "resolved".equals(r.alert.status);
    if (s == null) {
      if (resolved) {
        return; // no ticket was opened for it here: nothing to close
      }
      s = new TicketIncident();
      s.destination = r.destination;
      s.alert = r.alert;
      s.dueAt = now;
    } else if (s.resolved) {
      return; // a late or repeated event after the resolution
    } else if (resolved) {
      s.resolved = true;
      s.alert = r.alert;
      s.dueAt = Math.min(s.dueAt, now);
    } else {
      s.alert = r.alert;
      s.repeatPending = s.ticket != null;
    }
    if (!resolved) {
      s.expiresAt = now + config.resolveTimeout(r.alert.rule).toMillis();
    }
    wake(ctx.timerService(), s, now);
    incident.update(s);
  }

  @Override
  public void onTimer(long now, OnTimerContext ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    String key = ctx.getCurrentKey();
    TicketIncident s = incident.value();
    Landed result = landed.remove(key);
    if (result != null) {
      inFlight.remove(key);
    } else if (inFlight.containsKey(key)) {
      return; // its result fires a timer of its own
    }
    if (s == null) {
      return;
    }
    if (s.timerAt <= now) {
      s.timerAt = 0; // this one fired
    }
    if (result != null && s.inFlight == result.action()) {
      s.leaseUntil = 0;
      s.inFlight = null;
      if (!handle(s, result, ctx, out)) {
        return; // the state is gone
      }
    } else if (s.leaseUntil > 0 && now >= s.leaseUntil) {
      // Lost with a restart: searched again before any open (TicketIncident.searched was reset).
      s.leaseUntil = 0;
      s.inFlight = null;
    }
    if (s.leaseUntil == 0) {
      Action next = s.next(now);
      if (next == Action.DONE || s.expired(now)) {
        clear(ctx.timerService(), s);
        return;
      }
      if (next != null && now >= s.dueAt) {
        if (!start(s, next, ctx, out)) {
          return;
        }
      }
    }
    wake(ctx.timerService(), s, now);
    incident.update(s);
  }

  /** Starts {@code action}'s request; false when it could not be built and the state went. */
  private boolean start(
      TicketIncident s, Action action, OnTimerContext ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    TicketTemplate template = templates.get(s.destination);
    TicketSettings ticket = settings.get(s.destination);
    CompletableFuture<HttpDelivery.Exchange> sending;
    try {
      if (template == null) {
        throw new IllegalArgumentException(
            problems.getOrDefault(s.destination, "not a ticket destination in the file"));
      }
      TicketTemplate.Request request =
          switch (action) {
            case SEARCH -> template.search(s.alert.alertId);
            case OPEN -> template.open(s.alert);
            case COMMENT -> template.comment(s.ticket, s.alert, TicketTemplate.Comment.REPEAT, now);
            case RESOLVE_COMMENT ->
                template.comment(s.ticket, s.alert, TicketTemplate.Comment.RESOLVED, now);
            case CLOSE -> template.close(s.ticket);
            case DONE -> throw new IllegalStateException("nothing to send");
          };
      sending =
          http.exchangeAsync(request.method(), request.url(), template.headers(), request.json());
    } catch (RuntimeException e) {
      String reason =
          ticket == null
              ? "destination misconfigured: " + e.getMessage()
              : ticket.blank(DeliverNotifications.processingError(e, null));
      deadLetter(ctx, s, action, s.failures + 1, reason, out, now);
      clear(ctx.timerService(), s);
      return false;
    }
    if (action == Action.OPEN) {
      s.searched = false; // whatever happens to this open, search before the next
    }
    if (channel == null) {
      return handle(s, new Landed(action, now, sending.join()), ctx, out);
    }
    String key = ctx.getCurrentKey();
    s.inFlight = action;
    s.leaseUntil = now + http.deadline().toMillis() + DeliverNotifications.LEASE_MARGIN_MILLIS;
    inFlight.put(key, sending);
    sending.thenAccept(
        x -> {
          try {
            channel.deliver(key, () -> landed.put(key, new Landed(action, now, x)));
          } catch (RuntimeException closed) {
            // The task is ending: the lease in the last checkpoint covers the request.
          }
        });
    return true;
  }

  /** What an answer means; false when the incident's state went (closed, or given up). */
  private boolean handle(
      TicketIncident s, Landed landed, OnTimerContext ctx, Collector<DeliveryAttempt> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    TicketSettings ticket = settings.get(s.destination);
    TicketTemplate template = templates.get(s.destination);
    Action action = landed.action();
    HttpDelivery.Result r = landed.exchange().result();
    r =
        new HttpDelivery.Result(
            r.status(), r.latencyMillis(), ticket.blank(r.error()), r.retryAfter());
    int attempt = s.failures + 1;
    DeliveryAttempt a =
        DeliveryAttempt.of(
            webhookId(s, action),
            s.alert.alertId,
            s.destination,
            attempt,
            landed.sentAt(),
            r,
            null);
    RetrySchedule.Outcome outcome = RetrySchedule.classify(r.status());
    if (r.status() == 403 && r.retryAfter() != null) {
      outcome = RetrySchedule.Outcome.RETRY; // GitHub's secondary rate limit: wait, then retry
    }
    if (outcome == RetrySchedule.Outcome.DELIVERED) {
      try {
        switch (action) {
          case SEARCH -> {
            s.ticket = template.found(landed.exchange().body(), s.alert.alertId);
            s.searched = true;
            if (s.ticket != null) {
              s.lastCommentAt = now;
            }
          }
          case OPEN -> {
            s.ticket = template.opened(landed.exchange().body());
            s.lastCommentAt = now;
            s.failures = 0;
          }
          case COMMENT -> {
            s.repeatPending = false;
            s.lastCommentAt = now;
            s.failures = 0;
          }
          case RESOLVE_COMMENT -> {
            s.resolveCommented = true;
            s.failures = 0;
          }
          case CLOSE -> {
            a.outcome = "delivered";
            out.collect(a);
            clear(ctx.timerService(), s);
            return false;
          }
          default -> {}
        }
        a.outcome = "delivered";
        out.collect(a);
        s.dueAt = now;
        return true;
      } catch (IllegalArgumentException unreadable) {
        // A 2xx whose body says nothing usable: retried (an open is searched for first).
        r =
            new HttpDelivery.Result(
                r.status(), r.latencyMillis(), unreadable.getMessage(), r.retryAfter());
        a.error = r.error();
        outcome = RetrySchedule.Outcome.RETRY;
      }
    }
    if (outcome == RetrySchedule.Outcome.RETRY) {
      s.failures++;
      RetrySchedule.Next next = schedule.decide(s.failures, random.nextDouble(), r.retryAfter());
      a.outcome = next.retry() ? "retry" : "dead_letter";
      out.collect(a);
      if (next.retry()) {
        s.dueAt = now + next.delay().toMillis();
        return true;
      }
      return giveUp(ctx, s, action, next.giveUpReason() + ": " + r.error(), out);
    }
    // Any other 4xx (401 a bad token, 404 a deleted ticket, 410 issues turned off) or refused.
    a.outcome = "failed";
    out.collect(a);
    s.failures++;
    return giveUp(ctx, s, action, "permanent failure: " + r.error(), out);
  }

  /**
   * Dead-letters the action. A "still firing" comment is dropped and the incident goes on; anything
   * else ends the incident here (a later firing starts again with a search).
   */
  private boolean giveUp(
      OnTimerContext ctx,
      TicketIncident s,
      Action action,
      String reason,
      Collector<DeliveryAttempt> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    ctx.output(DeliverNotifications.DEAD_LETTERS, deadLetter(s, action, s.failures, reason));
    if (action == Action.COMMENT) {
      s.repeatPending = false;
      s.lastCommentAt = now;
      s.failures = 0;
      s.dueAt = now;
      return true;
    }
    clear(ctx.timerService(), s);
    return false;
  }

  private void deadLetter(
      Context ctx,
      TicketIncident s,
      Action action,
      int attempts,
      String reason,
      Collector<DeliveryAttempt> out,
      long now) {
    DeliveryAttempt a = new DeliveryAttempt();
    a.webhookId = webhookId(s, action);
    a.alertId = s.alert.alertId;
    a.destination = s.destination;
    a.attempt = attempts;
    a.attemptedAt = now;
    a.outcome = "dead_letter";
    a.error = reason;
    out.collect(a);
    ctx.output(DeliverNotifications.DEAD_LETTERS, deadLetter(s, action, attempts, reason));
  }

  private static DeliveryDeadLetter deadLetter(
      TicketIncident s, Action action, int attempts, String reason) {
    DeliveryDeadLetter d = new DeliveryDeadLetter();
    d.destination = s.destination;
    d.webhookId = webhookId(s, action);
    d.attempts = attempts;
    d.reason = reason;
    d.alert = s.alert;
    return d;
  }

  static String webhookId(TicketIncident s, Action action) {
    return "ticket." + s.alert.alertId + "." + action.id;
  }

  /** One timer per incident: at {@link TicketIncident#wakeAt()}. */
  private static void wake(TimerService timers, TicketIncident s, long now) {
    long at = Math.max(s.wakeAt(), now);
    if (at == s.timerAt) {
      return;
    }
    if (s.timerAt > 0) {
      timers.deleteProcessingTimeTimer(s.timerAt);
    }
    timers.registerProcessingTimeTimer(at);
    s.timerAt = at;
  }

  private void clear(TimerService timers, TicketIncident s) {
    if (s.timerAt > 0) {
      timers.deleteProcessingTimeTimer(s.timerAt);
    }
    incident.clear();
  }
}
