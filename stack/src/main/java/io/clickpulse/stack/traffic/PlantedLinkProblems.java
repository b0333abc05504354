package io.clickpulse.stack.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The lifecycle problems of scenario {@code demo} (issue #17), each on links of its own that the
 * popularity model never draws, so that nothing but the planted clicks touches them and every
 * problem makes exactly one alert. Times are fixed fractions of the span plus a few minutes; every
 * click that must be judged against a link event lies at least five minutes from it, so that a test
 * may send the two topics in turns (docs/traffic.md, "Link events").
 */
final class PlantedLinkProblems {
  static final String MISSING_UTM = "link without UTM";
  static final String QR_CHANGED = "QR destination changed";
  static final String EXPIRING = "expiring while clicked";
  static final String AFTER_DELETE = "clicked after delete";
  static final String AFTER_EXPIRY = "clicked after expiry";
  static final String IMPORT = "bulk import";
  static final String REDIRECT_CHAIN = "redirect chain";
  static final String UNCATALOGUED = "uncatalogued link";
  static final String CAMPAIGN_ENDED = "clicked after its campaign ended";

  /** The CRM contact of the planted qualified contact, and the tag its links carry. */
  static final String CONTACT_ID = "hs-contact-90210";

  static final String PRICING_TAG = PlantedContact.TAG;

  private static final long MINUTE = 60_000;

  /** Unpublished link numbers from here: far above those the click incidents take. */
  private static final int FIRST_NUMBER = 1_000;

  static final Catalog.Campaign IMPORT_CAMPAIGN =
      new Catalog.Campaign(
          "cmp-holiday-mailing",
          "maria@shop.example",
          "email",
          List.of("newsletter"),
          List.of("email"),
          "holiday mailing");

  private final List<PlantedLinkProblem> problems = new ArrayList<>();
  private final List<SimulatedClick> clicks = new ArrayList<>();
  private PlantedContact contact;

  /** Link events before the span (the problem links' creation), in time order. */
  private final List<LinkEventDraft> before = new ArrayList<>();

  /** Link events within the span, in time order. */
  private final List<LinkEventDraft> during = new ArrayList<>();

  private PlantedLinkProblems() {}

  static PlantedLinkProblems none() {
    return new PlantedLinkProblems();
  }

  /**
   * @param untagged the link of the click incident {@code missing UTM} and its first click's time
   *     (null: none), created without UTM fields five minutes before
   */
  static PlantedLinkProblems demo(
      long seed,
      long start,
      long span,
      LinkSpace links,
      Visitors visitors,
      LinkSpace.Link untagged,
      long untaggedFirstClick,
      PlantedIncidents.ClickMaker maker) {
    PlantedLinkProblems p = new PlantedLinkProblems();
    p.plant(seed, start, span, links, visitors, untagged, untaggedFirstClick, maker);
    p.clicks.sort(Comparator.comparingLong(SimulatedClick::trueTime));
    p.before.sort(Comparator.comparingLong(d -> d.eventTime));
    p.during.sort(Comparator.comparingLong(d -> d.eventTime));
    p.problems.sort(Comparator.comparingLong(PlantedLinkProblem::at));
    return p;
  }

  List<PlantedLinkProblem> problems() {
    return List.copyOf(problems);
  }

  List<SimulatedClick> clicks() {
    return clicks;
  }

  /** The planted qualified contact, or null (not scenario demo with link events). */
  PlantedContact contact() {
    return contact;
  }

  List<LinkEventDraft> before() {
    return before;
  }

  List<LinkEventDraft> during() {
    return during;
  }

  private void plant(
      long seed,
      long start,
      long span,
      LinkSpace links,
      Visitors visitors,
      LinkSpace.Link untagged,
      long untaggedFirstClick,
      PlantedIncidents.ClickMaker maker) {
    long created = start - 90 * MINUTE;
    int number = FIRST_NUMBER;

    if (untagged != null) {
      long at = untaggedFirstClick - 5 * MINUTE;
      during.add(created(untagged, at, "partner-sync").problem(MISSING_UTM, "link_missing_utm"));
      problem(
          MISSING_UTM,
          "a partner link is created without its UTM fields",
          "link_missing_utm",
          untagged.id(),
          at);
    }

    // A printed QR code whose link is pointed elsewhere while people scan it.
    LinkSpace.Link qr = links.unpublished(Catalog.campaign("cmp-store-posters"), ++number, true);
    LinkEventDraft qrCreated = created(qr, created, "ana@shop.example");
    qrCreated.qrCodeId = "qr-" + qr.id().substring("lnk-".length());
    qrCreated.priority = "high";
    before.add(qrCreated);
    long qrClicks = minute(start, span, 0.45);
    clicks(maker, visitors, QR_CHANGED, qr, qrClicks, 3);
    LinkEventDraft changed = qrCreated.next("updated", qrClicks + 15 * MINUTE);
    changed.destinationUrl =
        qr.destinationUrl().replace("/" + codeOf(qr), "/" + codeOf(qr) + "-v2");
    during.add(changed.problem(QR_CHANGED, "link_qr_destination_changed"));
    problem(
        QR_CHANGED,
        "a poster's QR link gets a new destination while it is scanned",
        "link_qr_destination_changed",
        qr.id(),
        changed.eventTime);

    // Still clicked half a day before it expires.
    LinkSpace.Link expiring =
        links.unpublished(Catalog.campaign("cmp-spring-sale"), ++number, true);
    long expiringClicks = minute(start, span, 0.60);
    LinkEventDraft expiringCreated = created(expiring, created, "shortener");
    expiringCreated.expiresAt = expiringClicks + 12 * 60 * MINUTE;
    before.add(expiringCreated);
    clicks(maker, visitors, EXPIRING, expiring, expiringClicks, 3);
    problem(
        EXPIRING,
        "a link expiring in 12 hours is still clicked",
        "link_expiring_while_clicked",
        expiring.id(),
        expiringClicks);

    // Deleted, and still printed or posted somewhere.
    LinkSpace.Link deleted = links.unpublished(Catalog.campaign("cmp-retarget"), ++number, true);
    LinkEventDraft deletedCreated = created(deleted, created, "shortener");
    before.add(deletedCreated);
    long deletedAt = minute(start, span, 0.40);
    during.add(deletedCreated.next("deleted", deletedAt).problem(AFTER_DELETE, null));
    clicks(maker, visitors, AFTER_DELETE, deleted, deletedAt + 5 * MINUTE, 3);
    problem(
        AFTER_DELETE,
        "a deleted link is still clicked",
        "link_clicked_after_delete",
        deleted.id(),
        deletedAt + 5 * MINUTE);

    // Expired by a scheduled expiry, and still clicked.
    LinkSpace.Link expired =
        links.unpublished(Catalog.campaign("cmp-launch-video"), ++number, true);
    LinkEventDraft expiredCreated = created(expired, created, "shortener");
    before.add(expiredCreated);
    long expiresAt = minute(start, span, 0.30);
    LinkEventDraft scheduled = expiredCreated.next("expiry_scheduled", created + 10 * MINUTE);
    scheduled.expiresAt = expiresAt;
    before.add(scheduled.problem(AFTER_EXPIRY, null));
    clicks(maker, visitors, AFTER_EXPIRY, expired, expiresAt + 3 * MINUTE, 3);
    problem(
        AFTER_EXPIRY,
        "an expired link is still clicked",
        "link_clicked_after_expiry",
        expired.id(),
        expiresAt + 3 * MINUTE);

    // A CRM's bulk import: two links share a destination, one points at another short link.
    long importAt = minute(start, span, 0.20);
    String importId = "imp-" + seed + "-1";
    List<LinkSpace.Link> imported = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      imported.add(links.unpublished(IMPORT_CAMPAIGN, ++number, true));
    }
    for (int i = 0; i < imported.size(); i++) {
      LinkSpace.Link link = imported.get(i);
      LinkEventDraft draft = created(link, importAt + i * 2_000, "hubspot-sync");
      draft.importId = importId;
      draft.contactId = "hs-contact-" + (88_400 + i);
      if (i == 2) {
        draft.destinationUrl = imported.get(1).destinationUrl();
      }
      if (i == 4) {
        draft.destinationUrl = "https://bit.ly/" + codeOf(link);
        draft.problem(REDIRECT_CHAIN, "link_redirect_chain");
        problem(
            REDIRECT_CHAIN,
            "an imported link's destination is another short link",
            "link_redirect_chain",
            link.id(),
            draft.eventTime);
      } else {
        draft.problem(IMPORT, null);
      }
      during.add(draft);
    }
    problem(
        IMPORT,
        "a bulk import of 6 links with two duplicate destinations and a redirect chain",
        "link_import_summary",
        IMPORT_CAMPAIGN.id(),
        importAt);

    // Clicks on a link made outside the shortener's integration: no event ever announces it.
    LinkSpace.Link unknown = links.unpublished(Catalog.campaign("cmp-search"), ++number, true);
    long unknownAt = minute(start, span, 0.70);
    clicks(maker, visitors, UNCATALOGUED, unknown, unknownAt, 3);
    problem(
        UNCATALOGUED,
        "a link no link event announced is clicked: counted in clicks_unknown_link",
        null,
        unknown.id(),
        unknownAt);

    plantContact(start, span, links, visitors, maker, number);
    number += PlantedContact.CLICKS;

    // Its campaign ended two hours before (past the 1 h grace) and it is still clicked.
    LinkSpace.Link ended = links.unpublished(Catalog.campaign("cmp-launch-video"), ++number, true);
    long endedClicks = minute(start, span, 0.55);
    LinkEventDraft endedCreated = created(ended, created, "shortener");
    endedCreated.campaignEndsAt = endedClicks - 120 * MINUTE;
    before.add(endedCreated.problem(CAMPAIGN_ENDED, null));
    clicks(maker, visitors, CAMPAIGN_ENDED, ended, endedClicks, 3);
    problem(
        CAMPAIGN_ENDED,
        "a link is still clicked two hours after its campaign ended",
        "link_campaign_ended_still_clicked",
        ended.id(),
        endedClicks);
  }

  /**
   * A contact who looks at pricing twice (issue #18): two links a CRM made for one contact, tagged
   * {@value #PRICING_TAG} (no other link is), each clicked once by the same person six minutes
   * apart at 50 % of the span. Not a lifecycle problem: no link alert, one CRM signal.
   */
  private void plantContact(
      long start,
      long span,
      LinkSpace links,
      Visitors visitors,
      PlantedIncidents.ClickMaker maker,
      int number) {
    Catalog.Campaign campaign = Catalog.campaign("cmp-spring-sale");
    Visitors.Visitor person = visitors.human();
    long first = minute(start, span, 0.50);
    List<String> ids = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    List<String> clickIds = new ArrayList<>();
    for (int i = 0; i < PlantedContact.CLICKS; i++) {
      LinkSpace.Link link = links.unpublished(campaign, number + 1 + i, true);
      LinkEventDraft draft = created(link, start - 80 * MINUTE + i * 1_000, "hubspot-sync");
      draft.contactId = CONTACT_ID;
      List<String> tags = new ArrayList<>(draft.tags);
      tags.add(PRICING_TAG);
      draft.tags = tags;
      before.add(draft);
      long at = first + i * 6 * MINUTE;
      SimulatedClick click = maker.click(PlantedContact.NAME, at, link, person, "GET", 302);
      clicks.add(click);
      ids.add(link.id());
      times.add(at);
      clickIds.add(click.eventId());
    }
    contact = new PlantedContact(CONTACT_ID, PRICING_TAG, ids, times, clickIds);
  }

  private void problem(String name, String description, String rule, String subject, long at) {
    problems.add(new PlantedLinkProblem(name, description, rule, subject, at));
  }

  /** Clicks two minutes apart: a new link's few clicks, far below any spike. */
  private void clicks(
      PlantedIncidents.ClickMaker maker,
      Visitors visitors,
      String problem,
      LinkSpace.Link link,
      long from,
      int count) {
    for (int i = 0; i < count; i++) {
      clicks.add(maker.click(problem, from + i * 2 * MINUTE, link, visitors.human(), "GET", 302));
    }
  }

  private static LinkEventDraft created(LinkSpace.Link link, long at, String by) {
    LinkEventDraft draft = new LinkEventDraft("created", link, at, 1);
    draft.createdBy = by;
    draft.tags = LinkEvents.tags(link);
    return draft;
  }

  private static String codeOf(LinkSpace.Link link) {
    return link.id().substring("lnk-".length());
  }

  /** The first whole minute at {@code fraction} of the span. */
  private static long minute(long start, long span, double fraction) {
    long t = start + (long) (span * fraction);
    return Math.floorDiv(t + MINUTE - 1, MINUTE) * MINUTE;
  }
}
