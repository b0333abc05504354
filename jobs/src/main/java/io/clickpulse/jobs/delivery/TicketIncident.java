package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;

/**
 * One incident's ticket, as kept in state by {@link TicketFunction} (key: destination and alert
 * id), and what to do next. Plain Java: {@link #next} decides from the fields alone.
 *
 * <p>The life of a ticket: search for the marker, open if none is found, comment when the alert
 * fires again (at most once per {@link #REPEAT_EVERY_MILLIS}), comment and close when it resolves,
 * then the state goes. An incident that neither resolves nor fires for its rule's {@code
 * resolve-timeout} expires: its state goes and the ticket stays open for a person to close.
 */
public class TicketIncident {
  /** At most one "still firing" comment per hour. */
  public static final long REPEAT_EVERY_MILLIS = 3_600_000L;

  /** The requests, in the order a ticket's life needs them. */
  public enum Action {
    SEARCH("search"),
    OPEN("open"),
    COMMENT("comment"),
    RESOLVE_COMMENT("resolve"),
    CLOSE("close"),
    /** Resolved before any ticket existed: nothing to close, the state just goes. */
    DONE("done");

    /** The last part of the attempt's webhook id: {@code ticket.<alert id>.<name>}. */
    public final String id;

    Action(String id) {
      this.id = id;
    }
  }

  public String destination;

  /** The latest event: the firing, or the resolution once it came. */
  public Alert alert;

  /** The ticket's number (GitHub) or key (Jira); null until opened or found. */
  public String ticket;

  /** A search since the last open attempt answered (and found nothing, or the ticket). */
  public boolean searched;

  public boolean resolved;
  public boolean resolveCommented;

  /** The alert fired again since the last comment. */
  public boolean repeatPending;

  /** When the ticket was opened (or found), or last commented on. */
  public long lastCommentAt;

  /** The rule's resolve-timeout after the last firing. */
  public long expiresAt;

  /** Failed attempts of the current action (searching counts with opening). */
  public int failures;

  /** Not before: the retry schedule's wait. */
  public long dueAt;

  /** While a request is under way: until when its result may come (then it counts as lost). */
  public long leaseUntil;

  /** The action under way during the lease. */
  public Action inFlight;

  /** The processing-time timer registered for this incident, 0 for none. */
  public long timerAt;

  public TicketIncident() {}

  /** The request to send at {@code now}, or null to wait (for a repeat's hour, or expiry). */
  public Action next(long now) {
    if (ticket == null) {
      if (!searched) {
        return Action.SEARCH;
      }
      return resolved ? Action.DONE : Action.OPEN;
    }
    if (resolved) {
      return resolveCommented ? Action.CLOSE : Action.RESOLVE_COMMENT;
    }
    if (repeatPending && now >= lastCommentAt + REPEAT_EVERY_MILLIS) {
      return Action.COMMENT;
    }
    return null;
  }

  /** When to look again: the lease's end, the next request's due time, a repeat's hour, expiry. */
  public long wakeAt() {
    if (leaseUntil > 0) {
      return leaseUntil;
    }
    if (ticket == null || resolved) {
      return dueAt;
    }
    if (repeatPending) {
      return Math.min(Math.max(dueAt, lastCommentAt + REPEAT_EVERY_MILLIS), expiresAt);
    }
    return expiresAt;
  }

  /** Idle, unresolved and past its resolve-timeout: the state goes, the ticket stays open. */
  public boolean expired(long now) {
    return !resolved && leaseUntil == 0 && next(now) == null && now >= expiresAt;
  }
}
