package io.clickpulse.evaluate;

import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.alert.Baseline;
import io.clickpulse.jobs.alert.Episode;
import io.clickpulse.jobs.alert.MinuteObservation;
import io.clickpulse.jobs.alert.SubjectClick;
import io.clickpulse.jobs.alert.SubjectJudge;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped episode rules (spike, drop, broken redirect) on a link's minutes: each minute judged
 * by {@link SubjectJudge}, as {@code ObserveMinutes} does, and {@link Episode}'s firing semantics
 * (the rule's minutes anomalous in a row, from the run's first). The operator skips calm silent
 * minutes and learns them at once, which its parity with judging every minute makes the same (the
 * parity test in this module checks the whole graph against this class). Like the operator, a link
 * is forgotten {@code baseline.inactive-after} after its last click (its minutes start anew on the
 * next click), and minutes after the input's last click are not judged.
 */
public final class ShippedEpisodes implements SeriesDetector {
  private final AlertRules rules;
  private final SubjectJudge judge;
  private final long inactiveMinutes;

  public ShippedEpisodes(AlertRules rules) {
    this.rules = rules;
    this.judge = new SubjectJudge(rules);
    this.inactiveMinutes =
        AlertRules.parse(rules.baseline().inactiveAfter).toMillis() / MinuteSeries.MINUTE;
  }

  /** A campaign link's counts, no redirect errors: spikes and drops both apply. */
  @Override
  public List<Firing> detect(long[] countsPerMinute, long startMillis) {
    return detect(
        new MinuteSeries(
            "series", "series", startMillis, countsPerMinute, new long[countsPerMinute.length]));
  }

  public List<Firing> detect(MinuteSeries s) {
    List<Firing> fired = new ArrayList<>();
    Episode[] episodes = Episode.values();
    int[] need = new int[episodes.length];
    int[] run = new int[episodes.length];
    long[] first = new long[episodes.length];
    for (Episode e : episodes) {
      need[e.ordinal()] = e.minutes(rules);
    }
    int lastWithClicks = -1;
    for (int i = 0; i < s.minutes(); i++) {
      if (s.humanClicks()[i] > 0 || s.redirectErrors()[i] > 0) {
        lastWithClicks = i;
      }
    }
    Baseline b = null;
    int lastClick = -1;
    for (int i = 0; i <= lastWithClicks; i++) {
      long human = s.humanClicks()[i];
      long errors = s.redirectErrors()[i];
      boolean clicks = human > 0 || errors > 0;
      if (b != null && !clicks && i > lastClick + inactiveMinutes) {
        b = null; // forgotten: an open run ends here
        java.util.Arrays.fill(run, 0);
      }
      if (clicks) {
        if (b == null) {
          b = new Baseline();
        }
        lastClick = i;
      }
      if (b == null) {
        continue;
      }
      MinuteObservation o = minute(s, i);
      o.humanClicks = human;
      o.clicks = human; // redirect errors are counted among the human clicks here
      o.redirectErrors = errors;
      judge.judge(o, b);
      for (Episode e : episodes) {
        int k = e.ordinal();
        if (e.test(o)) {
          if (run[k]++ == 0) {
            first[k] = o.minute; // the alert's window start, as EpisodeAlerts
          }
          if (run[k] == need[k]) {
            fired.add(new Firing(e.rule(), first[k], o.minute));
          }
        } else {
          run[k] = 0;
        }
      }
    }
    return fired;
  }

  private static MinuteObservation minute(MinuteSeries s, int i) {
    MinuteObservation o = new MinuteObservation();
    o.subjectType = SubjectClick.LINK;
    o.subjectId = s.linkId();
    o.linkId = s.linkId();
    o.campaignId = s.campaignId();
    o.owner = "";
    o.minute = s.minuteAt(i);
    return o;
  }
}
