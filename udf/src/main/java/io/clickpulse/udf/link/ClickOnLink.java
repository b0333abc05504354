package io.clickpulse.udf.link;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The checks on a click, given what is known about its link: clicked after delete, clicked after
 * expiry, clicked after its campaign ended, or clicked while it expires soon. At most one finding
 * per click, the gravest. Pure; the caller rate-limits (one alert per link and rule per day, like
 * the other event rules).
 */
public final class ClickOnLink {
  private ClickOnLink() {}

  /**
   * @param link the link's state, or null when no link event was seen for it (nothing to check)
   * @param clickTime the click's event time, epoch ms
   */
  public static Optional<LinkFinding> check(LinkState link, long clickTime, LinkRules rules) {
    if (link == null) {
      return Optional.empty();
    }
    if (link.deleted && clickTime >= link.deletedAt) {
      return Optional.of(
          new LinkFinding(
              LinkCheck.CLICKED_AFTER_DELETE,
              link.linkId,
              "link " + link.linkId + " was deleted but is still clicked",
              Map.of(
                  "deleted_at", LinkFinding.time(link.deletedAt),
                  "clicked_at", LinkFinding.time(clickTime))));
    }
    if (link.expiresAt != null && clickTime >= link.expiresAt) {
      return Optional.of(
          new LinkFinding(
              LinkCheck.CLICKED_AFTER_EXPIRY,
              link.linkId,
              "link "
                  + link.linkId
                  + " expired at "
                  + LinkFinding.time(link.expiresAt)
                  + " but is still clicked",
              Map.of(
                  "expires_at", LinkFinding.time(link.expiresAt),
                  "clicked_at", LinkFinding.time(clickTime))));
    }
    if (link.campaignEndsAt != null
        && clickTime >= link.campaignEndsAt + rules.campaignEndedGrace().toMillis()) {
      String campaign = link.campaignName != null ? link.campaignName : link.campaignId;
      return Optional.of(
          new LinkFinding(
              LinkCheck.CAMPAIGN_ENDED_STILL_CLICKED,
              link.linkId,
              "campaign "
                  + (campaign == null ? "" : campaign + " ")
                  + "ended at "
                  + LinkFinding.time(link.campaignEndsAt)
                  + " but its link "
                  + link.linkId
                  + " is still clicked",
              Map.of(
                  "campaign_ends_at", LinkFinding.time(link.campaignEndsAt),
                  "clicked_at", LinkFinding.time(clickTime))));
    }
    if (link.expiresAt == null) {
      return Optional.empty();
    }
    long expiresAt = link.expiresAt;
    if (expiresAt - clickTime <= rules.expiryWarning().toMillis()) {
      Duration left = Duration.ofMillis(expiresAt - clickTime);
      return Optional.of(
          new LinkFinding(
              LinkCheck.EXPIRING_WHILE_CLICKED,
              link.linkId,
              "link " + link.linkId + " is clicked and expires in " + human(left),
              Map.of(
                  "expires_at", LinkFinding.time(expiresAt),
                  "clicked_at", LinkFinding.time(clickTime),
                  "expires_in_seconds", Long.toString(left.toSeconds()))));
    }
    return Optional.empty();
  }

  private static String human(Duration d) {
    if (d.toHours() >= 1) {
      return d.toHours() + " h " + d.toMinutesPart() + " min";
    }
    return d.toMinutes() + " min";
  }
}
