package io.clickpulse.jobs.alert;

import io.clickpulse.jobs.aggregate.ClickCounts;
import io.clickpulse.udf.enrich.EnrichedClick;

/** A click as seen by the per-subject rules: the subject it counts for and what it counts. */
public class SubjectClick {
  public static final String LINK = "link";
  public static final String CAMPAIGN = "campaign";

  public String subjectType;
  public String subjectId;
  public String linkId;
  public String campaignId;
  public String owner;
  public long eventTime;
  public boolean human;
  public boolean redirectError;
  public String referrerDomain;
  public String country;

  public SubjectClick() {}

  static SubjectClick of(EnrichedClick c, String subjectType, String subjectId) {
    SubjectClick s = new SubjectClick();
    s.subjectType = subjectType;
    s.subjectId = subjectId;
    s.linkId = c.click.linkId;
    s.campaignId = c.click.campaignId == null ? "" : c.click.campaignId;
    s.owner = c.click.campaignOwner;
    s.eventTime = c.click.eventTime;
    s.human = !c.isBot;
    s.redirectError = ClickCounts.isRedirectError(c.click.redirectStatus);
    s.referrerDomain = c.referrerDomain.isEmpty() ? "(direct)" : c.referrerDomain;
    s.country = c.click.country == null ? "??" : c.click.country;
    return s;
  }

  /** The key the rules are evaluated per: "link:ID" or "campaign:ID". */
  public String subjectKey() {
    return subjectType + ":" + subjectId;
  }
}
