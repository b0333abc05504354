package io.clickpulse.evaluate;

import io.clickpulse.udf.detect.CountTail;

/**
 * The best recall any detector can reach, on the easiest traffic there is, within a false-alarm
 * budget: what the evaluation's recall and false-alarm targets allow together.
 *
 * <p>Ideal traffic: a link's clicks per minute are Poisson at a constant rate the detector knows
 * exactly (no daily cycle, no overdispersion, nothing to learn). An incident multiplies the rate by
 * {@code factor} for {@code minutes}; it counts as detected when an alert fires within {@code
 * horizon} minutes from its first (the evaluation allows its minutes and 2 more). Two facts bound
 * every detector:
 *
 * <ul>
 *   <li>On steady traffic, each alert lies inside {@code horizon} of the week's windows of that
 *       length, so the chance that a window holds an alert is on average at most {@code
 *       falseAlarmsPerWeek * horizon / minutes of a week}: the size of the test "an alert fires in
 *       this window".
 *   <li>At a given size, no test of steady against incident traffic is more powerful than the
 *       Neyman-Pearson test, which for Poisson counts thresholds the incident minutes' sum (with a
 *       random choice at the threshold). Its power is concave in the size, so windows of unequal
 *       size do no better on average.
 * </ul>
 *
 * Real traffic (a daily cycle, bursty minutes, a baseline that must be learnt) is harder, so no
 * detector finds more incidents than this there.
 */
public final class DetectionBound {
  private DetectionBound() {}

  /**
   * The highest share of incidents any detector finds while raising at most {@code
   * falseAlarmsPerWeek} alerts a week on steady traffic at {@code ratePerMinute}.
   *
   * @param factor the incident's rate over the steady one: above 1 a spike, below 1 a drop
   */
  public static double bestRecall(
      double ratePerMinute, double factor, int minutes, int horizon, double falseAlarmsPerWeek) {
    if (ratePerMinute <= 0 || factor <= 0 || factor == 1 || minutes <= 0 || horizon < minutes) {
      throw new IllegalArgumentException(
          "need a positive rate, a factor other than 1 and a horizon of at least the incident's"
              + " minutes");
    }
    double size = falseAlarmsPerWeek * horizon / Evaluation.WEEK_MINUTES;
    if (size >= 1) {
      return 1; // a budget that allows an alert in every window finds everything
    }
    double steady = ratePerMinute * minutes;
    double incident = steady * factor;
    return factor > 1
        ? upperTestPower(steady, incident, size)
        : lowerTestPower(steady, incident, size);
  }

  /** Power of the most powerful test of size {@code size} that rejects for large sums. */
  static double upperTestPower(double steady, double incident, double size) {
    long k = 0;
    while (CountTail.poissonUpper(k, steady) > size) {
      k++;
    }
    // Reject above k - 1 always, at k - 1 with the chance that makes the size exact (k >= 1:
    // the size is below 1).
    double atEdge = CountTail.poissonUpper(k - 1, steady) - CountTail.poissonUpper(k, steady);
    double chance = (size - CountTail.poissonUpper(k, steady)) / atEdge;
    double incidentAtEdge =
        CountTail.poissonUpper(k - 1, incident) - CountTail.poissonUpper(k, incident);
    return CountTail.poissonUpper(k, incident) + chance * incidentAtEdge;
  }

  /** Power of the most powerful test of size {@code size} that rejects for small sums. */
  static double lowerTestPower(double steady, double incident, double size) {
    long k = -1;
    while (CountTail.poissonLower(k + 1, steady) <= size) {
      k++;
    }
    // Reject at k and below always, at k + 1 with the chance that makes the size exact.
    double atEdge = CountTail.poissonLower(k + 1, steady) - CountTail.poissonLower(k, steady);
    double chance = (size - CountTail.poissonLower(k, steady)) / atEdge;
    double incidentAtEdge =
        CountTail.poissonLower(k + 1, incident) - CountTail.poissonLower(k, incident);
    return CountTail.poissonLower(k, incident) + chance * incidentAtEdge;
  }
}
