package io.clickpulse.udf.crm;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;

/**
 * One qualified-click rule of the rules file's {@code crm:} section (docs/crm.md). Built and
 * validated by {@link CrmRules#parse}.
 *
 * @param name the rule's key in the section; in every signal it makes
 * @param kind what it counts
 * @param tag {@code tagged-clicks}: the link tag; {@code partner-volume}: the tag or ""
 * @param owner {@code partner-volume}: the link owner or "" (exactly one of tag and owner)
 * @param campaign {@code first-click}: only this campaign id; "" for every campaign
 * @param clicks how many qualifying clicks make a signal (1 for {@code first-click})
 * @param within {@code tagged-clicks}, {@code partner-volume}: the sliding window the clicks must
 *     fall in, and the quiet time after a signal; {@code first-click}: how long a contact's click
 *     on a campaign is remembered ({@code forget-after})
 * @param route the delivery route the signal asks for; "" for the default
 */
public record CrmRule(
    String name,
    Kind kind,
    String tag,
    String owner,
    String campaign,
    int clicks,
    Duration within,
    String route)
    implements Serializable {

  /** The three kinds, by their rules-file names. */
  public enum Kind {
    /** A contact clicks links carrying a tag at least K times within a window. */
    TAGGED_CLICKS("tagged-clicks"),
    /** Links with a tag or owner bring at least N human clicks within a window; no contact. */
    PARTNER_VOLUME("partner-volume"),
    /** A contact's first human click on a campaign. */
    FIRST_CLICK("first-click");

    public final String id;

    Kind(String id) {
      this.id = id;
    }

    public static Kind of(String id) {
      for (Kind k : values()) {
        if (k.id.equals(id)) {
          return k;
        }
      }
      return null;
    }
  }

  /** Whether the rule's subject is a contact (else a partner: a tag or owner). */
  public boolean perContact() {
    return kind != Kind.PARTNER_VOLUME;
  }

  /** {@code partner-volume}: "tag" or "owner". */
  public String partnerType() {
    return tag.isEmpty() ? CrmSignal.SUBJECT_OWNER : CrmSignal.SUBJECT_TAG;
  }

  /** {@code partner-volume}: the tag or owner. */
  public String partner() {
    return tag.isEmpty() ? owner : tag;
  }

  /** Whether {@code click} is one this rule counts (human, test-free clicks are assumed). */
  public boolean matches(CrmClick click) {
    return switch (kind) {
      case TAGGED_CLICKS -> !click.contactId.isEmpty() && click.linkTags.contains(tag);
      case FIRST_CLICK ->
          !click.contactId.isEmpty()
              && !click.campaignId.isEmpty()
              && (campaign.isEmpty() || campaign.equals(click.campaignId));
      case PARTNER_VOLUME ->
          tag.isEmpty()
              ? owner.toLowerCase(Locale.ROOT).equals(click.linkOwner.toLowerCase(Locale.ROOT))
              : click.linkTags.contains(tag);
    };
  }
}
