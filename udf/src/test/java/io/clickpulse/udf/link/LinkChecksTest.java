package io.clickpulse.udf.link;

import static io.clickpulse.udf.link.Links.CHECKS;
import static io.clickpulse.udf.link.Links.HOUR;
import static io.clickpulse.udf.link.Links.T;
import static io.clickpulse.udf.link.Links.created;
import static io.clickpulse.udf.link.Links.state;
import static io.clickpulse.udf.link.Links.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinkChecksTest {
  private static final String SHOP = "https://shop.acme.com/winter";

  private static LinkEvent link(Consumer<LinkEvent> change) {
    LinkEvent e = created("lnk_w1", 1, SHOP);
    change.accept(e);
    return e;
  }

  /** name, the link's state before (or null), the event, the rule codes expected. */
  static Stream<Arguments> scenarios() {
    LinkEvent good = created("lnk_w1", 1, SHOP);
    LinkEvent qr = link(e -> e.qrCodeId = "qr-poster-ams-01");
    qr.utmSource = "poster";
    qr.utmMedium = "qr code";
    qr.utmContent = "amsterdam-centraal";
    LinkEvent noCampaign = link(e -> e.utmCampaign = null);
    return Stream.of(
        Arguments.of("a well-made campaign link", null, good, List.of()),
        Arguments.of(
            "campaign link without utm_campaign", null, noCampaign, List.of("link_missing_utm")),
        Arguments.of(
            "campaign link with utm_campaign '%20'",
            null, link(e -> e.utmCampaign = "%20"), List.of("link_missing_utm")),
        Arguments.of(
            "a plain link: no campaign, no UTM",
            null,
            link(
                e -> {
                  e.utmSource = e.utmMedium = e.utmCampaign = null;
                  e.campaignId = e.campaignName = null;
                }),
            List.of()),
        Arguments.of(
            "UTM values but no campaign id: still a campaign link",
            null,
            link(
                e -> {
                  e.campaignId = e.campaignName = null;
                  e.utmMedium = null;
                }),
            List.of("link_missing_utm")),
        Arguments.of(
            "typo in utm_source",
            null,
            link(e -> e.utmSource = "newsleter"),
            List.of("link_unknown_utm")),
        Arguments.of(
            "aliases the taxonomy knows (IG, Paid Social)",
            null,
            link(
                e -> {
                  e.utmSource = "IG";
                  e.utmMedium = "Paid Social";
                }),
            List.of()),
        Arguments.of(
            "a query string pasted into utm_source",
            null,
            link(e -> e.utmSource = "utm_source=newsletter"),
            List.of("link_malformed_utm")),
        Arguments.of(
            "a URL as utm_content",
            null,
            link(e -> e.utmContent = "https://acme.com/x"),
            List.of("link_malformed_utm")),
        Arguments.of("QR link with every field its channel needs", null, qr, List.of()),
        Arguments.of(
            "QR link without utm_content (required for qr)",
            null,
            link(
                e -> {
                  e.qrCodeId = "qr-poster-ams-01";
                  e.utmSource = "poster";
                }),
            List.of("link_missing_utm")),
        Arguments.of(
            "update keeping the missing field: reported at creation already",
            state(noCampaign, 0),
            updated(noCampaign, 2, SHOP),
            List.of()),
        Arguments.of(
            "update bringing an unknown medium",
            state(good, 0),
            link(
                e -> {
                  e.type = LinkEventType.UPDATED;
                  e.version = 2;
                  e.utmMedium = "e-blast";
                }),
            List.of("link_unknown_utm")),
        Arguments.of(
            "destination changed, clicked 2 h ago",
            state(good, T - 2 * HOUR),
            updated(good, 2, "https://shop.acme.com/spring"),
            List.of("link_destination_changed")),
        Arguments.of(
            "QR destination changed, clicked 5 min ago",
            state(qr, T - 300_000),
            updated(qr, 2, "https://shop.acme.com/spring"),
            List.of("link_qr_destination_changed")),
        Arguments.of(
            "destination changed, last click 3 days ago",
            state(good, T - 72 * HOUR),
            updated(good, 2, "https://shop.acme.com/spring"),
            List.of()),
        Arguments.of(
            "destination changed before the first click",
            state(good, 0),
            updated(good, 2, "https://shop.acme.com/spring"),
            List.of()),
        Arguments.of(
            "same destination spelled differently, clicked 1 h ago",
            state(good, T - HOUR),
            updated(good, 2, "HTTPS://Shop.Acme.com:443/winter/"),
            List.of()),
        Arguments.of(
            "destination on bit.ly",
            null,
            created("lnk_w1", 1, "https://bit.ly/3xYz9Ab"),
            List.of("link_redirect_chain")),
        Arguments.of(
            "destination on www.tinyurl.com",
            null,
            created("lnk_w1", 1, "https://www.tinyurl.com/acme-w"),
            List.of("link_redirect_chain")),
        Arguments.of(
            "destination on the link's own short domain",
            null,
            created("lnk_w1", 1, "https://go.acme.com/other"),
            List.of("link_redirect_chain")),
        Arguments.of(
            "redirect chain known already: an update elsewhere does not repeat it",
            state(created("lnk_w1", 1, "https://bit.ly/3xYz9Ab"), 0),
            link(
                e -> {
                  e.type = LinkEventType.UPDATED;
                  e.version = 2;
                  e.destinationUrl = "https://bit.ly/3xYz9Ab";
                  e.tags = List.of("winter");
                }),
            List.of()),
        Arguments.of(
            "custom domain outside the allowed ones",
            null,
            link(
                e -> {
                  e.customDomain = "go.acme-promo.net";
                  e.shortUrl = "https://go.acme-promo.net/w1";
                }),
            List.of("link_unexpected_domain")),
        Arguments.of(
            "allowed custom domain",
            null,
            link(
                e -> {
                  e.customDomain = "acme.link";
                  e.shortUrl = "https://acme.link/w1";
                }),
            List.of()),
        Arguments.of(
            "stale update with every problem: ignored",
            state(created("lnk_w1", 3, SHOP), T - HOUR),
            link(
                e -> {
                  e.type = LinkEventType.UPDATED;
                  e.version = 3;
                  e.utmSource = "newsleter";
                  e.destinationUrl = "https://bit.ly/x";
                }),
            List.of()),
        Arguments.of(
            "delete of a clicked link",
            state(good, T - HOUR),
            Links.deleted("lnk_w1", 2, T),
            List.of()),
        Arguments.of(
            "re-created after a delete with a typo: reported again",
            LinkState.apply(
                state(link(e -> e.utmSource = "newsleter"), 0), Links.deleted("lnk_w1", 2, T)),
            link(
                e -> {
                  e.version = 3;
                  e.utmSource = "newsleter";
                }),
            List.of("link_unknown_utm")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void findsWhatTheEventIntroduces(
      String name, LinkState previous, LinkEvent event, List<String> expected) {
    List<String> codes = CHECKS.check(previous, event).stream().map(f -> f.check().code()).toList();
    assertEquals(expected, codes, name);
  }

  @Test
  void destinationChangeCarriesOldAndNewDestination() {
    LinkEvent qr = link(e -> e.qrCodeId = "qr-poster-ams-01");
    qr.utmContent = "amsterdam-centraal";
    LinkFinding f =
        CHECKS.check(state(qr, T - 300_000), updated(qr, 2, "https://shop.acme.com/spring")).get(0);
    assertEquals(
        Map.of(
            "old_destination", SHOP,
            "new_destination", "https://shop.acme.com/spring",
            "qr_code_id", "qr-poster-ams-01",
            "last_click_at", "2026-12-05T20:55:00Z",
            "changed_at", "2026-12-05T21:00:00Z"),
        f.evidence());
    assertEquals(
        "QR code qr-poster-ams-01: link lnk_w1 now goes to https://shop.acme.com/spring instead of "
            + SHOP
            + " while it is being clicked",
        f.reason());
  }

  @Test
  void utmFindingsNameTheFieldsAndValues() {
    LinkEvent e =
        link(
            x -> {
              x.utmSource = "newsleter";
              x.utmMedium = "e-blast";
              x.utmCampaign = null;
            });
    List<LinkFinding> findings = CHECKS.check(null, e);
    assertEquals(2, findings.size(), findings::toString);
    assertEquals(
        Map.of("missing", "utm_campaign", "channel", "unknown"), findings.get(0).evidence());
    assertEquals(
        "link lnk_w1 of campaign Winter sale 2026 has UTM values the taxonomy does not know:"
            + " utm_source=\"newsleter\", utm_medium=\"e-blast\"",
        findings.get(1).reason());
  }

  /** source, medium, qr code, expected channel (how the checks pick the required fields). */
  @ParameterizedTest(name = "{0}/{1} qr={2} -> {3}")
  @org.junit.jupiter.params.provider.CsvSource(
      nullValues = "-",
      value = {
        "newsletter, email, -, email",
        "google, cpc, -, paid",
        "ig, paid_social, -, paid",
        "linkedin, social, -, social",
        "poster, print, -, qr",
        "newsletter, email, qr-7, qr",
        "partner-x, affiliate, -, affiliate",
        "google, organic, -, -",
        "google, -, -, -"
      })
  void channelComesFromTheMedium(String source, String medium, String qrCode, String channel) {
    assertEquals(
        channel,
        CHECKS.utmProblems(source, medium, "winter", null, null, "cmp-1", null, qrCode).channel());
  }
}
