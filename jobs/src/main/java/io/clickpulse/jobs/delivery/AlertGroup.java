package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One notification group, as in Alertmanager, in plain Java: its active alerts (at most {@code
 * max-alerts} kept, the rest only counted), when it last notified, and what it says next. Times are
 * processing-time milliseconds; the operator ({@link GroupNotifications}) keeps one per group key
 * and asks it {@link #nextDue} and {@link #flush}.
 *
 * <p>An alert whose producer never resolves it (bot patterns, missing UTM, QR regions) counts as
 * resolved {@code resolve-timeout} after it last fired, so every group ends: with its resolved
 * notice, after which it is {@link #finished} and its state dropped.
 */
public class AlertGroup {
  /** An alert of the group. */
  public static class Member {
    public Alert alert;
    public long expiresAt;
    public boolean resolved;

    public Member() {}
  }

  public String key;
  public int route;

  /** The owner whose groups this one counts against ("" when the route does not group by owner). */
  public String bucket;

  public boolean overflow;
  public Map<String, String> labels = new LinkedHashMap<>();

  /** The alert that opened the group: its id names the group's notifications (webhook-id). */
  public String openedBy;

  public long openedAt;
  public int sent;
  public long lastSentAt = -1;

  /** Something to say since the last notification: an alert came, resolved or expired. */
  public boolean changed;

  public Map<String, Member> members = new LinkedHashMap<>();

  /**
   * Firing alerts over max-alerts: only counted, they expire together at {@code untrackedUntil}.
   */
  public long untracked;

  public long untrackedUntil;

  /** The latest alert offered: labels a notification whose alerts are all untracked. */
  public Alert latest;

  public AlertGroup() {}

  public static AlertGroup open(
      String key,
      int route,
      String bucket,
      boolean overflow,
      Map<String, String> labels,
      Alert first,
      long now) {
    AlertGroup g = new AlertGroup();
    g.key = key;
    g.route = route;
    g.bucket = bucket;
    g.overflow = overflow;
    g.labels = new LinkedHashMap<>(labels);
    g.openedBy = first.alertId;
    g.openedAt = now;
    return g;
  }

  /**
   * Takes an alert in. A firing refreshes its expiry; a resolution is final (a late or replayed
   * firing of the same alert does not undo it).
   */
  public void offer(Alert a, long now, long resolveTimeoutMillis, int maxAlerts) {
    latest = a;
    boolean resolution = "resolved".equals(a.status);
    Member m = members.get(a.alertId);
    if (m != null) {
      if (m.resolved) {
        return;
      }
      m.alert = a;
      if (resolution) {
        m.resolved = true;
        changed = true;
      } else {
        m.expiresAt = now + resolveTimeoutMillis;
      }
      return;
    }
    if (members.size() < maxAlerts) {
      m = new Member();
      m.alert = a;
      m.resolved = resolution;
      m.expiresAt = now + resolveTimeoutMillis;
      members.put(a.alertId, m);
      changed = true;
    } else if (!resolution) {
      // Not kept, so its own resolution cannot be matched: the counted ones expire together.
      untracked++;
      untrackedUntil = Math.max(untrackedUntil, now + resolveTimeoutMillis);
      changed = true;
    }
  }

  /** Alerts firing now, listed or only counted. */
  public long firing() {
    return members.values().stream().filter(m -> !m.resolved).count() + untracked;
  }

  /** When the group has something to do next; {@code Long.MAX_VALUE} when it is finished. */
  public long nextDue(GroupPolicy p) {
    if (lastSentAt < 0) {
      return openedAt + p.waitMillis();
    }
    long due = Long.MAX_VALUE;
    long notBefore = lastSentAt + p.intervalMillis();
    if (changed) {
      due = notBefore;
    }
    boolean firing = false;
    for (Member m : members.values()) {
      if (!m.resolved) {
        firing = true;
        due = Math.min(due, Math.max(m.expiresAt, notBefore));
      }
    }
    if (untracked > 0) {
      firing = true;
      due = Math.min(due, Math.max(untrackedUntil, notBefore));
    }
    if (firing) {
      due = Math.min(due, lastSentAt + p.repeatMillis());
    }
    return due;
  }

  /**
   * At {@code now}: expires what is due, and returns the notification to send (null if none). After
   * a notification, the resolved alerts it announced are dropped.
   */
  public GroupNotice flush(long now, GroupPolicy p, int maxListed) {
    for (Member m : members.values()) {
      if (!m.resolved && m.expiresAt <= now) {
        m.resolved = true;
        m.alert = resolvedCopy(m.alert);
        changed = true;
      }
    }
    if (untracked > 0 && untrackedUntil <= now) {
      untracked = 0;
      changed = true;
    }
    if (lastSentAt < 0 && now < openedAt + p.waitMillis()) {
      return null;
    }
    long firing = firing();
    boolean send =
        (changed && (lastSentAt < 0 || now >= lastSentAt + p.intervalMillis()))
            || (firing > 0 && lastSentAt >= 0 && now >= lastSentAt + p.repeatMillis());
    if (!send) {
      return null;
    }
    GroupNotice n = new GroupNotice();
    n.groupKey = key;
    n.status = firing > 0 ? "firing" : "resolved";
    n.labels = new LinkedHashMap<>(labels);
    n.firingAlerts = firing;
    n.overflow = overflow;
    List<Alert> ordered = new ArrayList<>();
    members.values().stream().filter(m -> !m.resolved).forEach(m -> ordered.add(m.alert));
    members.values().stream().filter(m -> m.resolved).forEach(m -> ordered.add(m.alert));
    n.alerts = new ArrayList<>(ordered.subList(0, Math.min(maxListed, ordered.size())));
    n.truncatedAlerts = ordered.size() - n.alerts.size() + untracked;
    sent++;
    lastSentAt = now;
    changed = false;
    members.values().removeIf(m -> m.resolved);
    return n;
  }

  /** The webhook-id of the notification just returned by {@link #flush}: stable, per group. */
  public String lastWebhookId(String status) {
    return openedBy + "." + status + (sent <= 1 ? "" : "." + sent);
  }

  /** Nothing fires and everything resolved has been announced: the group's state can go. */
  public boolean finished() {
    return members.isEmpty() && untracked == 0 && !changed;
  }

  private static Alert resolvedCopy(Alert a) {
    Alert copy = Json.MAPPER.convertValue(a, Alert.class);
    copy.status = "resolved";
    return copy;
  }
}
