package io.clickpulse.jobs.alert;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the bot patterns in one client's clicks, given in event-time order. A pattern matches the
 * latest run of its number of clicks when they fit its window and came after its previous match;
 * only a confirmed match is returned.
 */
public final class ClientPatternMatcher implements Serializable {
  /** A confirmed match: the pattern and its run of clicks, oldest first. */
  public record Match(ClientPattern pattern, List<ClientClick> clicks) {}

  private final AlertRules.Bots bots;
  private final int[] runLength;
  private final long[] withinMillis;
  private final int capacity;
  private final long longestWithinMillis;

  public ClientPatternMatcher(AlertRules.Bots bots) {
    this.bots = bots;
    ClientPattern[] patterns = ClientPattern.values();
    runLength = new int[patterns.length];
    withinMillis = new long[patterns.length];
    int longestRun = 0;
    long longestWithin = 0;
    for (ClientPattern p : patterns) {
      runLength[p.ordinal()] = p.clicks(bots);
      withinMillis[p.ordinal()] = p.withinMillis(bots);
      longestRun = Math.max(longestRun, runLength[p.ordinal()]);
      longestWithin = Math.max(longestWithin, withinMillis[p.ordinal()]);
    }
    this.capacity = longestRun;
    this.longestWithinMillis = longestWithin;
  }

  /** Adds the client's next click to its recent clicks; returns the matches it completes. */
  public List<Match> add(RecentClicks recent, ClientClick click) {
    recent.append(click, capacity);
    List<Match> matches = new ArrayList<>(0);
    for (ClientPattern p : ClientPattern.values()) {
      int n = runLength[p.ordinal()];
      if (recent.sinceMatch[p.ordinal()] < n) {
        continue;
      }
      List<ClientClick> run = recent.latest(n);
      if (run.get(n - 1).eventTime - run.get(0).eventTime < withinMillis[p.ordinal()]
          && p.matches(run)) {
        recent.sinceMatch[p.ordinal()] = 0;
        if (p.confirms(run, bots)) {
          matches.add(new Match(p, List.copyOf(run)));
        }
      }
    }
    return matches;
  }

  /** Once the next click is at least this much later than a client's last, none can join a run. */
  public long forgetAfterMillis() {
    return longestWithinMillis;
  }
}
