package io.clickpulse.jobs.alert;

import java.util.List;

/**
 * What an alert says about a run of anomalous minutes of one subject: where it began (subject, id,
 * baseline), how long it lasted and what it saw.
 */
final class EpisodeRun {
  /** The run's first minute: subject, start (the alert id) and the baseline it is compared to. */
  final MinuteObservation first;

  final long lastMinute;
  final int minutes;
  final long maxHumanClicks;
  final long minHumanClicks;
  final long redirectErrors;
  final long clicks;
  final String lastTopReferrers;
  final String lastTopCountries;

  /**
   * The minutes of a run, first to last (a CEP match's {@link Episode#FIRST} and {@link
   * Episode#RUN}).
   */
  EpisodeRun(List<MinuteObservation> run) {
    first = run.get(0);
    MinuteObservation last = run.get(run.size() - 1);
    lastMinute = last.minute;
    minutes = run.size();
    long max = Long.MIN_VALUE;
    long min = Long.MAX_VALUE;
    long errors = 0;
    long all = 0;
    for (MinuteObservation o : run) {
      max = Math.max(max, o.humanClicks);
      min = Math.min(min, o.humanClicks);
      errors += o.redirectErrors;
      all += o.clicks;
    }
    maxHumanClicks = max;
    minHumanClicks = min;
    redirectErrors = errors;
    clicks = all;
    lastTopReferrers = last.topReferrers;
    lastTopCountries = last.topCountries;
  }
}
