package io.clickpulse.jobs.alert;

import java.util.ArrayList;
import java.util.List;

/** One campaign link's closed minutes, judged one after another, for the judge's tests. */
final class LinkMinutes {
  static final long MINUTE = 60_000;

  final SubjectJudge judge;
  final Baseline baseline = new Baseline();
  private long next;

  LinkMinutes(AlertRules rules) {
    this.judge = new SubjectJudge(rules);
  }

  /** Minute {@code m} (from the epoch) of link l1 in campaign c1, all its clicks human. */
  static MinuteObservation minute(long m, long humanClicks) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = SubjectClick.LINK;
    o.subjectId = "l1";
    o.linkId = "l1";
    o.campaignId = "c1";
    o.minute = m * MINUTE;
    o.humanClicks = humanClicks;
    o.clicks = humanClicks;
    return o;
  }

  /** Judges the next {@code minutes} minutes, {@code clicks} each. */
  LinkMinutes usual(long minutes, long clicks) {
    for (long i = 0; i < minutes; i++) {
      judge.judge(minute(next++, clicks), baseline);
    }
    return this;
  }

  /** Judges the next minutes, one per count: whether each is a spike. */
  List<Boolean> spikes(long... clicks) {
    List<Boolean> spikes = new ArrayList<>();
    for (long c : clicks) {
      MinuteObservation o = minute(next++, c);
      judge.judge(o, baseline);
      spikes.add(o.spike);
    }
    return spikes;
  }
}
