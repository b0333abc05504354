package io.clickpulse.jobs.alert;

/**
 * One subject's current run of anomalous minutes of one {@link Episode}: where it began, what it
 * has seen so far and whether it fired. Keyed state of {@link EpisodeAlerts}, kept only while the
 * run lasts; a POJO so that Flink serializes it field by field.
 */
public class OpenEpisode {
  /** The run's first minute: subject, start (the alert id) and the baseline it is compared to. */
  public MinuteObservation first;

  public long lastMinute;
  public int minutes;
  public long maxHumanClicks;
  public long minHumanClicks;
  public long redirectErrors;
  public long clicks;
  public String lastTopReferrers = "";
  public String lastTopCountries = "";

  /** Whether the firing alert went out (the run reached the rule's minutes in a row). */
  public boolean fired;

  public OpenEpisode() {}

  static OpenEpisode startingAt(MinuteObservation first) {
    OpenEpisode e = new OpenEpisode();
    e.first = first;
    e.maxHumanClicks = first.humanClicks;
    e.minHumanClicks = first.humanClicks;
    e.add(first);
    return e;
  }

  /** Adds the run's next anomalous minute. */
  void add(MinuteObservation o) {
    lastMinute = o.minute;
    minutes++;
    maxHumanClicks = Math.max(maxHumanClicks, o.humanClicks);
    minHumanClicks = Math.min(minHumanClicks, o.humanClicks);
    redirectErrors += o.redirectErrors;
    clicks += o.clicks;
    lastTopReferrers = o.topReferrers;
    lastTopCountries = o.topCountries;
  }
}
