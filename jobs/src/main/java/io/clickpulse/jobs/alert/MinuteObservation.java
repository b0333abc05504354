package io.clickpulse.jobs.alert;

/**
 * One closed minute of one subject (link or campaign), zero-click minutes included, with its
 * baseline and what the rules make of it. The CEP patterns match sequences of these.
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
        + (broken ? " BROKEN" : "");
  }
}
