package io.clickpulse.udf.crm;

import io.clickpulse.udf.enrich.EnrichedClick;
import io.clickpulse.udf.event.ContactIds;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the CRM rules need of a human, non-test click: no IP, user agent or visitor hash, so none of
 * it can reach a signal. {@code partnerRule} is set on the copies sent to the partner operator (one
 * per matching {@code partner-volume} rule), null on the contact path.
 */
public class CrmClick {
  public String eventId;
  public long eventTime;
  public String linkId = "";
  public String campaignId = "";
  public String campaignName = "";
  public String linkOwner = "";
  public List<String> linkTags = new ArrayList<>();
  public String contactId = "";
  public String partnerRule;

  public CrmClick() {}

  /**
   * The click as the CRM rules see it, or null when it can never qualify: a bot (by user agent or
   * caught by the client patterns), test traffic, or too late for its minute (the aggregates and
   * alerts leave those out too).
   */
  public static CrmClick of(EnrichedClick e) {
    if (e.isBot || e.click.isTest || e.click.tooLate) {
      return null;
    }
    CrmClick c = new CrmClick();
    c.eventId = e.click.eventId;
    c.eventTime = e.click.eventTime;
    c.linkId = orEmpty(e.click.linkId);
    c.campaignId = orEmpty(e.click.campaignId);
    c.campaignName = orEmpty(e.campaignName);
    c.linkOwner = orEmpty(e.linkOwner);
    c.linkTags = e.linkTags == null ? new ArrayList<>() : new ArrayList<>(e.linkTags);
    c.contactId = ContactIds.ofClick(e.contactId, e.click.custom);
    return c;
  }

  /** Whether the click names a contact that is no proper contact id (ignored, counted). */
  public static boolean hasImproperContactId(EnrichedClick e) {
    String custom = e.click.custom == null ? null : e.click.custom.get(ContactIds.CUSTOM_KEY);
    return (e.contactId != null && !e.contactId.isEmpty() && !ContactIds.isValid(e.contactId))
        || (custom != null && !ContactIds.isValid(custom));
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** The key of the operator the click goes to: its contact, or its partner rule and subject. */
  public String key(CrmRules rules) {
    if (partnerRule == null) {
      return contactId;
    }
    CrmRule rule = rules.rule(partnerRule);
    return partnerRule + "\n" + rule.partnerType() + ":" + rule.partner();
  }

  public CrmClick forPartnerRule(String rule) {
    CrmClick c = new CrmClick();
    c.eventId = eventId;
    c.eventTime = eventTime;
    c.linkId = linkId;
    c.campaignId = campaignId;
    c.campaignName = campaignName;
    c.linkOwner = linkOwner;
    c.linkTags = new ArrayList<>(linkTags);
    c.contactId = "";
    c.partnerRule = rule;
    return c;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrmClick c
        && eventTime == c.eventTime
        && Objects.equals(eventId, c.eventId)
        && Objects.equals(linkId, c.linkId)
        && Objects.equals(campaignId, c.campaignId)
        && Objects.equals(campaignName, c.campaignName)
        && Objects.equals(linkOwner, c.linkOwner)
        && Objects.equals(linkTags, c.linkTags)
        && Objects.equals(contactId, c.contactId)
        && Objects.equals(partnerRule, c.partnerRule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(eventId, eventTime);
  }

  @Override
  public String toString() {
    return "CrmClick{" + eventId + " t=" + eventTime + " contact=" + contactId + "}";
  }
}
