package io.clickpulse.udf.link;

import static io.clickpulse.udf.link.Links.HOUR;
import static io.clickpulse.udf.link.Links.RULES;
import static io.clickpulse.udf.link.Links.T;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickOnLinkTest {
  /**
   * Times are minutes after T; the expiry warning is 24 h (1440 min), the campaign-ended grace 1 h
   * (the defaults).
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      textBlock =
          """
          # case                                | deleted at | expires at | campaign ends | click | finding                           | expires in (s)
          live link, no expiry                  | -          | -          | -             | 0     | -                                 | -
          clicked a minute after its delete     | 0          | -          | -             | 1     | link_clicked_after_delete         | -
          late click from before the delete     | 0          | -          | -             | -1    | -                                 | -
          expires in 2 h                        | -          | 120        | -             | 0     | link_expiring_while_clicked       | 7200
          expires in exactly 24 h               | -          | 1440       | -             | 0     | link_expiring_while_clicked       | 86400
          expires in 25 h                       | -          | 1500       | -             | 0     | -                                 | -
          expired a minute ago                  | -          | -1         | -             | 0     | link_clicked_after_expiry         | -
          clicked at the instant it expires     | -          | 0          | -             | 0     | link_clicked_after_expiry         | -
          deleted and expired: the delete wins  | -30        | -60        | -             | 0     | link_clicked_after_delete         | -
          campaign ended 2 h ago                | -          | -          | -120          | 0     | link_campaign_ended_still_clicked | -
          campaign ended exactly the grace ago  | -          | -          | -60           | 0     | link_campaign_ended_still_clicked | -
          campaign ended 59 min ago: stragglers | -          | -          | -59           | 0     | -                                 | -
          campaign ends in an hour              | -          | -          | 60            | 0     | -                                 | -
          campaign ended and expired: expiry    | -          | -10        | -120          | 0     | link_clicked_after_expiry         | -
          campaign ended, expiring soon: ended  | -          | 120        | -120          | 0     | link_campaign_ended_still_clicked | -
          """)
  void checksTheClickAgainstTheLink(
      String name,
      Long deletedAt,
      Long expiresAt,
      Long campaignEndsAt,
      long click,
      String finding,
      Long expiresIn) {
    LinkState link = Links.state(Links.created("lnk_w1", 1, "https://shop.acme.com/winter"), 0);
    if (deletedAt != null) {
      link.deleted = true;
      link.deletedAt = T + deletedAt * 60_000;
    }
    link.expiresAt = expiresAt == null ? null : T + expiresAt * 60_000;
    link.campaignEndsAt = campaignEndsAt == null ? null : T + campaignEndsAt * 60_000;
    Optional<LinkFinding> f = ClickOnLink.check(link, T + click * 60_000, RULES);
    assertEquals(finding, f.map(x -> x.check().code()).orElse(null), name);
    if (expiresIn != null) {
      assertEquals(expiresIn.toString(), f.get().evidence().get("expires_in_seconds"));
    }
  }

  @Test
  void campaignEndedFindingNamesTheCampaignAndWhen() {
    LinkEvent created = Links.created("lnk_w1", 1, "https://shop.acme.com/winter");
    created.campaignName = "Winter sale";
    LinkState link = Links.state(created, 0);
    link.campaignEndsAt = T - 2 * HOUR;
    LinkFinding f = ClickOnLink.check(link, T, RULES).get();
    assertEquals(
        "campaign Winter sale ended at "
            + LinkFinding.time(T - 2 * HOUR)
            + " but its link lnk_w1 is"
            + " still clicked",
        f.reason());
    assertEquals(LinkFinding.time(T - 2 * HOUR), f.evidence().get("campaign_ends_at"));
  }

  @Test
  void anUnknownLinkHasNothingToCheck() {
    assertTrue(ClickOnLink.check(null, T, RULES).isEmpty());
  }

  @Test
  void expiryFindingSaysWhenInWords() {
    LinkState link = Links.state(Links.created("lnk_w1", 1, "https://shop.acme.com/winter"), 0);
    link.expiresAt = T + 2 * HOUR + 15 * 60_000;
    assertEquals(
        "link lnk_w1 is clicked and expires in 2 h 15 min",
        ClickOnLink.check(link, T, RULES).get().reason());
  }
}
