/**
 * Real labelled traffic for the alert rules (issue #16 part 7): the five Numenta Anomaly Benchmark
 * (NAB) realTweets series in {@code ../shared/data/nab-tweets/}, replayed as the clicks of one link
 * each and scored with NAB's standard profile.
 *
 * <ul>
 *   <li>{@link io.clickpulse.evaluate.nab.NabSeries} reads a series and its windows; a 5-minute
 *       count N becomes {@code N / 5} clicks per minute, the remainder one each to the first
 *       minutes (deterministic, exact sum).
 *   <li>{@link io.clickpulse.evaluate.nab.NabScorer} is NAB's scorer ported from numenta/NAB and
 *       checked against NAB's own tests and against NAB's Python on the shared series. It scores
 *       per 5-minute row, as NAB does: an alert counts for the row containing it. NAB caps the
 *       probationary period at 750 rows (62.5 hours here), not 15 % of a 55-day series.
 *   <li>{@link io.clickpulse.evaluate.nab.NabReport} runs a {@link
 *       io.clickpulse.evaluate.nab.Detector} (the evaluator's rules) over every series and prints
 *       per series the windows detected, alerts outside every window (total and per series-week),
 *       the NAB score, the corpus totals and issue #16's targets.
 * </ul>
 *
 * <p>Plain Java, no Flink: {@code NabReport.run(NabSeries.locateDataDir().orElseThrow(), detector)
 * .format()}.
 */
package io.clickpulse.evaluate.nab;
