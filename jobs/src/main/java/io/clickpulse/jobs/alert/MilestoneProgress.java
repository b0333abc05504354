package io.clickpulse.jobs.alert;

import java.util.List;

/**
 * A subject's cumulative human clicks, the state of {@link MilestoneAlerts}. Plain Java.
 *
 * <p>Why the order of arrival does not matter: after any set of clicks the count is the size of the
 * set, and it grows by one per click, so a milestone value is reached by exactly one click,
 * whichever arrives v-th; the alert id depends on the subject and the value only. The same clicks,
 * in any order, replayed from any checkpoint (which restores the count of the clicks before its
 * offsets), reach the same values once each.
 */
public class MilestoneProgress {
  public long clicks;

  /** Event time of the earliest click counted. */
  public long firstClick = Long.MAX_VALUE;

  public MilestoneProgress() {}

  /**
   * Counts one human click; returns the milestone it reached, or 0. A value added to the rules
   * after the count passed it is never reached (it would announce old news).
   */
  public long count(long eventTime, List<Long> milestones) {
    clicks++;
    firstClick = Math.min(firstClick, eventTime);
    for (Long m : milestones) {
      if (m == clicks) {
        return m;
      }
    }
    return 0;
  }
}
