package io.clickpulse.udf.crm;

import io.clickpulse.udf.crm.CrmRule.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One subject's rule state (a contact's, or a partner rule's subject): the clicks of each window
 * rule still inside its window, its quiet time after a signal, and for first-click the campaigns
 * the contact clicked and when last. Clicks are offered in event-time order; {@link #expire} drops
 * what no later click can need, so a subject whose windows have passed holds nothing.
 *
 * <p>A window rule fires on the click that brings its count to {@code clicks} within {@code
 * within}, with exactly those clicks, then stays quiet for {@code within} after that click: one
 * signal per subject, rule and window. First-click fires on a contact's first click on a campaign,
 * and again only after the contact has not clicked it for {@code forget-after}.
 */
public class SignalWindows {
  /** Rule name to its open window. */
  public Map<String, Run> runs = new TreeMap<>();

  /** first-click: rule name + '\n' + campaign id to the contact's last click time there. */
  public Map<String, Long> seen = new TreeMap<>();

  public SignalWindows() {}

  /** A window rule's clicks in time order, and until when it is quiet after a signal. */
  public static class Run {
    public List<CrmClick> clicks = new ArrayList<>();
    public long quietUntil = Long.MIN_VALUE;

    public Run() {}
  }

  private static final Comparator<CrmClick> ORDER =
      Comparator.<CrmClick>comparingLong(c -> c.eventTime).thenComparing(c -> c.eventId);

  /** The signals {@code click} completes among {@code rules} (those it matches). */
  public List<CrmSignal> offer(CrmClick click, List<CrmRule> rules) {
    List<CrmSignal> signals = new ArrayList<>();
    for (CrmRule rule : rules) {
      if (click.partnerRule != null && !click.partnerRule.equals(rule.name())) {
        continue;
      }
      if (!rule.matches(click)) {
        continue;
      }
      CrmSignal signal =
          rule.kind() == Kind.FIRST_CLICK ? firstClick(rule, click) : window(rule, click);
      if (signal != null) {
        signals.add(signal);
      }
    }
    return signals;
  }

  private CrmSignal firstClick(CrmRule rule, CrmClick click) {
    String key = rule.name() + "\n" + click.campaignId;
    Long last = seen.get(key);
    long forget = rule.within().toMillis();
    boolean first = last == null || last + forget <= click.eventTime;
    seen.put(key, last == null || first ? click.eventTime : Math.max(last, click.eventTime));
    return first ? signal(rule, List.of(click), click) : null;
  }

  private CrmSignal window(CrmRule rule, CrmClick click) {
    Run run = runs.computeIfAbsent(rule.name(), r -> new Run());
    if (click.eventTime < run.quietUntil
        || run.clicks.stream().anyMatch(c -> c.eventId.equals(click.eventId))) {
      dropIfEmpty(rule.name(), run);
      return null;
    }
    run.clicks.add(click);
    run.clicks.sort(ORDER);
    long newest = run.clicks.get(run.clicks.size() - 1).eventTime;
    long within = rule.within().toMillis();
    run.clicks.removeIf(c -> c.eventTime <= newest - within);
    if (run.clicks.size() < rule.clicks()) {
      return null;
    }
    CrmSignal signal = signal(rule, run.clicks, click);
    run.clicks = new ArrayList<>();
    run.quietUntil = newest + within;
    return signal;
  }

  private void dropIfEmpty(String rule, Run run) {
    if (run.clicks.isEmpty() && run.quietUntil == Long.MIN_VALUE) {
      runs.remove(rule);
    }
  }

  private static CrmSignal signal(CrmRule rule, List<CrmClick> clicks, CrmClick trigger) {
    CrmSignal s = new CrmSignal();
    s.rule = rule.name();
    s.kind = rule.kind().id;
    s.route = rule.route();
    if (rule.perContact()) {
      s.subjectType = CrmSignal.SUBJECT_CONTACT;
      s.subjectId = trigger.contactId;
      s.contactId = trigger.contactId;
    } else {
      s.subjectType = rule.partnerType();
      s.subjectId = rule.partner();
    }
    s.campaignId = trigger.campaignId;
    s.campaignName = trigger.campaignName;
    TreeSet<String> links = new TreeSet<>();
    List<String> ids = new ArrayList<>();
    for (CrmClick c : clicks) {
      links.add(c.linkId);
      ids.add(c.eventId);
    }
    s.linkIds = new ArrayList<>(links).subList(0, Math.min(links.size(), CrmSignal.MAX_LINK_IDS));
    s.linkIds = new ArrayList<>(s.linkIds);
    s.clickCount = clicks.size();
    s.windowSeconds = rule.within().toSeconds();
    s.firstClickTime = clicks.get(0).eventTime;
    s.lastClickTime = clicks.get(clicks.size() - 1).eventTime;
    s.triggerClickId = trigger.eventId;
    s.signalId = CrmSignal.id(s.rule, s.subjectType, s.subjectId, campaignAnd(rule, trigger, ids));
    return s;
  }

  /** First-click's id names the campaign too: its one click is the campaign's first. */
  private static List<String> campaignAnd(CrmRule rule, CrmClick trigger, List<String> ids) {
    if (rule.kind() != Kind.FIRST_CLICK) {
      return ids;
    }
    List<String> out = new ArrayList<>();
    out.add("campaign:" + trigger.campaignId);
    out.addAll(ids);
    return out;
  }

  /** Drops what a click at or after {@code now} can no longer need. */
  public void expire(long now, CrmRules rules) {
    for (Iterator<Map.Entry<String, Run>> it = runs.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Run> e = it.next();
      CrmRule rule = rules.rule(e.getKey());
      if (rule == null) { // a rule removed from the file since: its state goes
        it.remove();
        continue;
      }
      long within = rule.within().toMillis();
      Run run = e.getValue();
      run.clicks.removeIf(c -> c.eventTime + within <= now);
      if (run.quietUntil <= now) {
        run.quietUntil = Long.MIN_VALUE;
      }
      if (run.clicks.isEmpty() && run.quietUntil == Long.MIN_VALUE) {
        it.remove();
      }
    }
    seen.entrySet()
        .removeIf(
            e -> {
              CrmRule rule = rules.rule(e.getKey().substring(0, e.getKey().indexOf('\n')));
              return rule == null || e.getValue() + rule.within().toMillis() <= now;
            });
  }

  /** When {@link #expire} will next drop something; {@link Long#MAX_VALUE} when empty. */
  public long nextExpiry(CrmRules rules) {
    long next = Long.MAX_VALUE;
    for (Map.Entry<String, Run> e : runs.entrySet()) {
      CrmRule rule = rules.rule(e.getKey());
      if (rule == null) {
        return Long.MIN_VALUE;
      }
      Run run = e.getValue();
      if (!run.clicks.isEmpty()) {
        next = Math.min(next, run.clicks.get(0).eventTime + rule.within().toMillis());
      }
      if (run.quietUntil != Long.MIN_VALUE) {
        next = Math.min(next, run.quietUntil);
      }
    }
    for (Map.Entry<String, Long> e : seen.entrySet()) {
      CrmRule rule = rules.rule(e.getKey().substring(0, e.getKey().indexOf('\n')));
      if (rule == null) {
        return Long.MIN_VALUE;
      }
      next = Math.min(next, e.getValue() + rule.within().toMillis());
    }
    return next;
  }

  public boolean isEmpty() {
    return runs.isEmpty() && seen.isEmpty();
  }
}
