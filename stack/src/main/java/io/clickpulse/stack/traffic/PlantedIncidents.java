package io.clickpulse.stack.traffic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The incidents of scenario {@code demo}, planted at fixed fractions of the span (the first after a
 * quarter, so alert baselines have learned) on links chosen by how much traffic they get: the most
 * clicked link, a tail link with one or two clicks a minute, the busiest links of a channel. Each
 * incident's clicks are sized from the link's expected traffic, so they stand out at any volume,
 * and come from producers with a correct clock, so the labelled windows are exact.
 */
final class PlantedIncidents {
  /** Makes one planted click (valid, on time, not test traffic). */
  interface ClickMaker {
    SimulatedClick click(
        String incident,
        long time,
        LinkSpace.Link link,
        Visitors.Visitor visitor,
        String httpMethod,
        int redirectStatus);
  }

  private static final long SECOND = 1000;
  private static final long MINUTE = 60 * SECOND;
  private static final String SCANNER_AGENT =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/118.0.0.0 Safari/537.36";
  private static final int SPIKE_MINUTES = 3;
  private static final int SPIKE_FACTOR = 5;

  /** Far above the spike rule's floors (2x the baseline, 3 a minute above it) however quiet. */
  private static final int SPIKE_MIN_EXTRA = 40;

  private static final double TAIL_CLICKS_PER_MINUTE = 1.5;
  private static final int BROKEN_MINUTES = 4;
  private static final int NEWSLETTER_LINKS = 8;

  /** The scan rule's distinct links within 2 s. */
  private static final int SCAN_DISTINCT_LINKS = 5;

  private final List<PlantedIncident> incidents = new ArrayList<>();
  private final List<SimulatedClick> clicks = new ArrayList<>();
  private int brokenRank = -1;

  /** New links planted so far (the popularity model does not know them). */
  private int unpublished;

  private long brokenFrom;
  private long brokenTo;

  static PlantedIncidents none() {
    return new PlantedIncidents();
  }

  static PlantedIncidents demo(
      long start,
      long span,
      LinkSpace links,
      Visitors visitors,
      HumanClicks humanClicksPerMinute,
      ClickMaker maker) {
    PlantedIncidents planted = new PlantedIncidents();
    planted.plantDemo(start, span, links, visitors, humanClicksPerMinute, maker);
    planted.clicks.sort(Comparator.comparingLong(SimulatedClick::trueTime));
    return planted;
  }

  /** Expected everyday human clicks per minute on the link of a rank, at a time. */
  interface HumanClicks {
    double at(long time, int rank);
  }

  List<PlantedIncident> incidents() {
    return List.copyOf(incidents);
  }

  /** The planted clicks, in time order. */
  List<SimulatedClick> clicks() {
    return clicks;
  }

  /** Adds more planted clicks (the lifecycle problems'), keeping them in time order. */
  void addClicks(List<SimulatedClick> more) {
    if (!more.isEmpty()) {
      clicks.addAll(more);
      clicks.sort(Comparator.comparingLong(SimulatedClick::trueTime));
    }
  }

  /** Whether everyday clicks on the link of {@code rank} at {@code time} fail (broken link). */
  boolean brokenAt(int rank, long time) {
    return rank == brokenRank && time >= brokenFrom && time <= brokenTo;
  }

  private void plantDemo(
      long start,
      long span,
      LinkSpace links,
      Visitors visitors,
      HumanClicks humanClicks,
      ClickMaker maker) {
    Planter at = new Planter(start, span, maker);
    long burstAt = at.minute(0.25) + 17 * SECOND;
    long sweepAt = at.minute(0.30) + 41 * SECOND;
    long hotSpikeAt = at.minute(0.40);
    long tailSpikeAt = at.minute(0.45);
    long brokenAt = at.minute(0.55);
    long publishedAt = at.minute(0.65);

    // Each incident on links of its own, so that every alert points at one incident.
    Set<Integer> taken = new HashSet<>();
    LinkSpace.Link hot = take(taken, links.link(1));
    LinkSpace.Link tail = take(taken, links.link(tailRank(tailSpikeAt, humanClicks, links)));
    LinkSpace.Link paid = take(taken, busiest(links, taken, "cmp-retarget"));
    LinkSpace.Link poster = take(taken, busiest(links, taken, "cmp-store-posters"));
    List<LinkSpace.Link> newsletterLinks = newsletter(links, taken);

    Visitors.Visitor script =
        new Visitors.Visitor("203.0.113.77", "python-requests/2.31.0", true, "US");
    for (int i = 0; i < 40; i++) {
      at.add("bot burst", burstAt + i * 200, paid, script, "GET", 302);
    }
    at.incident(
        "bot burst",
        "one client (python-requests) clicks a paid link 40 times in 8 seconds",
        "bot_burst",
        paid);

    // Mail security gateways open every link of a newsletter at once, posing as a browser.
    Visitors.Visitor gateway = new Visitors.Visitor("192.0.2.45", SCANNER_AGENT, true, "US");
    for (int i = 0; i < newsletterLinks.size(); i++) {
      LinkSpace.Link link = newsletterLinks.get(i);
      at.add("email-scanner sweep", sweepAt + i * 150, link, gateway, "HEAD", 302);
    }
    at.incident(
        "email-scanner sweep",
        "a mail gateway opens all "
            + newsletterLinks.size()
            + " links of a newsletter within 1.2 seconds",
        "bot_scan",
        newsletterLinks.get(0));

    plantSpike(at, "spike (hot link)", hotSpikeAt, hot, visitors, humanClicks);
    plantSpike(at, "spike (tail link)", tailSpikeAt, tail, visitors, humanClicks);

    for (int minute = 0; minute < BROKEN_MINUTES; minute++) {
      for (int i = 0; i < 8; i++) {
        long time = brokenAt + minute * MINUTE + i * 7 * SECOND;
        at.add("broken destination", time, poster, visitors.human(), "GET", 502);
      }
    }
    this.brokenRank = poster.rank();
    this.brokenFrom = brokenAt;
    this.brokenTo = brokenAt + BROKEN_MINUTES * MINUTE - 1;
    at.incident(
        "broken destination",
        "a poster's QR link redirects to a failing shop page (502) for "
            + BROKEN_MINUTES
            + " minutes",
        "broken_redirect",
        poster);

    LinkSpace.Link untagged = unpublished(links, Catalog.campaign("cmp-partners"), false);
    for (int i = 0; i < 6; i++) {
      at.add("missing UTM", publishedAt + i * 90 * SECOND, untagged, visitors.human(), "GET", 302);
    }
    at.incident(
        "missing UTM",
        "a new partner link was published without its UTM parameters",
        "missing_utm",
        untagged);
  }

  /**
   * The most clicked free link on the channel of the catalog campaign {@code campaignId}, or (in a
   * small link space without one) a new link of that campaign.
   */
  private LinkSpace.Link busiest(LinkSpace links, Set<Integer> taken, String campaignId) {
    Catalog.Campaign campaign = Catalog.campaign(campaignId);
    List<LinkSpace.Link> found =
        links.hottest(l -> !taken.contains(l.rank()) && channel(l, campaign.channel()), 1);
    return found.isEmpty() ? unpublished(links, campaign, true) : found.get(0);
  }

  /** Eight links of the busiest newsletter: its most clicked, then new ones nobody clicked yet. */
  private List<LinkSpace.Link> newsletter(LinkSpace links, Set<Integer> taken) {
    Catalog.Campaign campaign = busiest(links, taken, "cmp-spring-sale").campaign();
    List<LinkSpace.Link> newsletter =
        new ArrayList<>(
            links.hottest(
                l -> !taken.contains(l.rank()) && l.campaign() == campaign, NEWSLETTER_LINKS));
    while (newsletter.size() < NEWSLETTER_LINKS) {
      newsletter.add(unpublished(links, campaign, true));
    }
    return newsletter;
  }

  private LinkSpace.Link unpublished(LinkSpace links, Catalog.Campaign campaign, boolean tagged) {
    return links.unpublished(campaign, ++unpublished, tagged);
  }

  private static LinkSpace.Link take(Set<Integer> taken, LinkSpace.Link link) {
    taken.add(link.rank());
    return link;
  }

  private void plantSpike(
      Planter at,
      String name,
      long from,
      LinkSpace.Link link,
      Visitors visitors,
      HumanClicks humanClicks) {
    double usual = humanClicks.at(from, link.rank());
    int firstExtra = 0;
    for (int minute = 0; minute < SPIKE_MINUTES; minute++) {
      long minuteStart = from + minute * MINUTE;
      int extra =
          (int) Math.max(SPIKE_MIN_EXTRA, SPIKE_FACTOR * humanClicks.at(minuteStart, link.rank()));
      firstExtra = minute == 0 ? extra : firstExtra;
      for (int i = 0; i < extra; i++) {
        at.add(name, minuteStart + i * (MINUTE / extra), link, visitors.human(), "GET", 302);
      }
    }
    at.incident(
        name,
        String.format(
            "link #%d by clicks (usually %.1f human clicks a minute) gets %d more a minute for %d"
                + " minutes",
            link.rank(), usual, firstExtra, SPIKE_MINUTES),
        "spike",
        link);
  }

  /** The most clicked rank whose link gets at most {@link #TAIL_CLICKS_PER_MINUTE}, or rank 2. */
  private static int tailRank(long time, HumanClicks humanClicks, LinkSpace links) {
    int low = 2;
    int high = links.size();
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (humanClicks.at(time, mid) <= TAIL_CLICKS_PER_MINUTE) {
        high = mid;
      } else {
        low = mid + 1;
      }
    }
    return low;
  }

  private static boolean channel(LinkSpace.Link link, String channel) {
    return link.campaign() != null && link.campaign().channel().equals(channel);
  }

  /** Adds planted clicks and, once an incident's clicks are in, the incident with their window. */
  private final class Planter {
    private final long start;
    private final long span;
    private final ClickMaker maker;
    private long from = Long.MAX_VALUE;
    private long to = Long.MIN_VALUE;

    Planter(long start, long span, ClickMaker maker) {
      this.start = start;
      this.span = span;
      this.maker = maker;
    }

    /** The first whole minute (UTC, as the pipeline's windows) at {@code fraction} of the span. */
    long minute(double fraction) {
      long t = start + (long) (span * fraction);
      return Math.floorDiv(t + MINUTE - 1, MINUTE) * MINUTE;
    }

    void add(
        String incident,
        long time,
        LinkSpace.Link link,
        Visitors.Visitor visitor,
        String httpMethod,
        int status) {
      clicks.add(maker.click(incident, time, link, visitor, httpMethod, status));
      from = Math.min(from, time);
      to = Math.max(to, time);
    }

    void incident(String name, String description, String rule, LinkSpace.Link link) {
      incidents.add(
          new PlantedIncident(
              name,
              description,
              rule,
              link.campaign() == null ? null : link.campaign().id(),
              link.id(),
              from,
              to));
      from = Long.MAX_VALUE;
      to = Long.MIN_VALUE;
    }
  }
}
