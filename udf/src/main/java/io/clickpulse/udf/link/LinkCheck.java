package io.clickpulse.udf.link;

/**
 * The link lifecycle checks, by the rule code their alerts carry. The codes are stable: rules,
 * routes and dashboards use them.
 */
public enum LinkCheck {
  /** A campaign link created or updated without the UTM fields its channel requires. */
  MISSING_UTM("link_missing_utm"),
  /** A link carrying a utm_source or utm_medium the taxonomy does not know. */
  UNKNOWN_UTM("link_unknown_utm"),
  /** A UTM value that cannot be right: a query string, a URL, an undecodable escape. */
  MALFORMED_UTM("link_malformed_utm"),
  /** The destination of a link that is being clicked changed. */
  DESTINATION_CHANGED("link_destination_changed"),
  /** As {@link #DESTINATION_CHANGED}, for a QR code link: the printed code now goes elsewhere. */
  QR_DESTINATION_CHANGED("link_qr_destination_changed"),
  /** The destination is itself a short link: a redirect chain. */
  REDIRECT_CHAIN("link_redirect_chain"),
  /** The short link is served from a domain outside {@code links.allowed-domains}. */
  UNEXPECTED_DOMAIN("link_unexpected_domain"),
  /** A click on a link after its expiry. */
  CLICKED_AFTER_EXPIRY("link_clicked_after_expiry"),
  /** A click on a link after it was deleted. */
  CLICKED_AFTER_DELETE("link_clicked_after_delete"),
  /** A click on a link that expires within {@code links.expiry-warning}. */
  EXPIRING_WHILE_CLICKED("link_expiring_while_clicked"),
  /** A click on a link past its campaign's end (and {@code links.campaign-ended-grace}). */
  CAMPAIGN_ENDED_STILL_CLICKED("link_campaign_ended_still_clicked");

  private final String code;

  LinkCheck(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
