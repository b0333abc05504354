package io.clickpulse.jobs.alert;

/**
 * One closed minute of one subject (link or campaign), zero-click minutes included, with its
 * baseline and what the rules make of it; or, with {@link #end}, the mark that the subject is no
 * longer observed. {@link ObserveMinutes} emits a subject's minutes in order, one after the other,
 * and ends every run of them with that mark, so {@link EpisodeAlerts} sees each episode end.
 */
public class MinuteObservation {
  public String subjectType;
  public String subjectId;
  public String linkId;
  public String campaignId;
  public String owner;
  public long minute;
  public long clicks;
  public long humanClicks;
  public long redirectErrors;
  public double baselineMean;
  public double baselineSpread;
  public boolean spike;
  public boolean drop;
  public boolean broken;

  /**
   * Not a minute: the subject is no longer observed (no clicks for {@code baseline.inactive-after},
   * or the input ended) and its state is forgotten; {@link #minute} is the first minute not
   * observed. Nothing is anomalous in it. If the subject gets clicks again, its minutes start anew.
   */
  public boolean end;

  /** "example.com=12, (direct)=3": the minute's top referrers, as evidence. */
  public String topReferrers = "";

  public String topCountries = "";

  public MinuteObservation() {}

  public String subjectKey() {
    return subjectType + ":" + subjectId;
  }

  @Override
  public String toString() {
    return subjectKey()
        + "@"
        + minute
        + " human="
        + humanClicks
        + " base="
        + Math.round(baselineMean)
        + (spike ? " SPIKE" : "")
        + (drop ? " DROP" : "")
        + (broken ? " BROKEN" : "")
        + (end ? " END" : "");
  }
}
