package io.clickpulse.jobs.alert;

import java.util.List;

/**
 * One closed minute of one subject (link or campaign) with its baseline and what the rules make of
 * it; or the {@link #end} mark (the subject is no longer observed while a run of anomalous minutes
 * is open). {@link ObserveMinutes} emits a subject's minutes in order, so that the {@link Episode}
 * patterns see where each run of anomalous minutes begins and ends.
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
   * Whether the subject's minute before this one was a spike (drop, broken) minute: this one then
   * ends a run, or goes on with it. Lets each {@link Episode}'s patterns skip calm minutes that
   * follow calm minutes ({@link Episode#matters}).
   */
  public boolean afterSpike;

  public boolean afterDrop;
  public boolean afterBroken;

  /**
   * Not a minute: the subject is no longer observed (no clicks for {@code baseline.inactive-after},
   * or the input ended) and its state is forgotten; {@link #minute} is the first minute not
   * observed. Nothing is anomalous in it. If the subject gets clicks again, its minutes start anew.
   */
  public boolean end;

  /** "example.com=12, (direct)=3": the minute's top referrers, as evidence. */
  public String topReferrers = "";

  public String topCountries = "";

  /**
   * Context for the alert ({@link AlertContext}): a link's constant attributes, from its latest
   * click (empty for a campaign, except the UTM campaign).
   */
  public String shortUrl = "";

  public String destinationUrl = "";
  public String linkDomain = "";
  public String channel = "";
  public String utmSource = "";
  public String utmMedium = "";
  public String utmCampaign = "";
  public String campaignName = "";

  /**
   * The minute's top referrers and countries, a campaign's top links, failed redirects per status
   * and per destination ({@link AlertContext#TOP} each); null when there are none, which is most
   * minutes for all but the first two, and saves CEP state.
   */
  public List<AlertContext.Count> referrerCounts;

  public List<AlertContext.Count> countryCounts;
  public List<AlertContext.LinkCount> linkCounts;
  public List<AlertContext.StatusCount> statusCounts;
  public List<AlertContext.Count> failingDestinationCounts;

  public MinuteObservation() {}

  /** A minute, not a mark. */
  public boolean isMinute() {
    return !end;
  }

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
