package io.clickpulse.stack.traffic;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The link events of a {@link RealisticTraffic} model, in time order (link events reach Kafka when
 * they happen): what a shortener publishes about the links the clicks are on. Computed from the
 * links' ranks as the links are, so a million links cost no memory: one {@code created} event per
 * link of the model, dated in the two days before the span, then the links the planted incidents
 * and problems use, then an occasional {@code updated} (one link in 25: priority and tags, never
 * the destination), and within the span the planted lifecycle problems' events.
 */
final class LinkEvents implements Iterator<LinkEventRecord> {
  private static final long MINUTE = 60_000;
  private static final long DAY = 24 * 60 * MINUTE;

  /** Everyday links are created in [start - 2 days, start - 2 h). */
  private static final long CREATED_FROM = 2 * DAY;

  private static final long CREATED_TO = 120 * MINUTE;

  /** Everyday updates in [start - 60 min, start - 10 min). */
  private static final long UPDATED_FROM = 60 * MINUTE;

  private static final long UPDATED_TO = 10 * MINUTE;

  private static final int UPDATE_ONE_IN = 25;

  /**
   * Sources the catalog's campaigns use that the bundled UTM taxonomy does not know (the partners'
   * own names): their links' created events make {@code link_unknown_utm} alerts.
   */
  static final List<String> UNKNOWN_SOURCES = List.of("partner-blog", "Deals4You", "coupon_site");

  private final long seed;
  private final long start;
  private final LinkSpace links;
  private final List<LinkEventDraft> before;
  private final List<LinkEventDraft> during;
  private int phase;
  private int rank;
  private int index;
  private LinkEventDraft next;

  /**
   * @param extraLinks links the click incidents use beyond the model's ranks, created before the
   *     span like the others
   */
  LinkEvents(
      long seed,
      long start,
      LinkSpace links,
      List<LinkSpace.Link> extraLinks,
      PlantedLinkProblems problems) {
    this.seed = seed;
    this.start = start;
    this.links = links;
    this.before = new ArrayList<>();
    long at = start - CREATED_TO;
    for (LinkSpace.Link link : extraLinks) {
      before.add(everyday("created", link, at, 1));
      at += 1_000;
    }
    before.addAll(problems.before());
    before.sort(java.util.Comparator.comparingLong(d -> d.eventTime));
    this.during = problems.during();
  }

  /** Tags of a link: its channel and campaign, or {@code direct}. */
  static List<String> tags(LinkSpace.Link link) {
    return link.campaign() == null
        ? List.of("direct")
        : List.of(link.campaign().channel(), link.campaign().id());
  }

  @Override
  public boolean hasNext() {
    if (next == null) {
      next = advance();
    }
    return next != null;
  }

  @Override
  public LinkEventRecord next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    LinkEventDraft draft = next;
    next = null;
    return draft.record(seed);
  }

  private LinkEventDraft advance() {
    int size = links.size();
    while (true) {
      switch (phase) {
        case 0 -> {
          if (rank < size) {
            rank++;
            long at = start - CREATED_FROM + (rank - 1) * ((CREATED_FROM - CREATED_TO) / size);
            return everyday("created", links.link(rank), at, 1);
          }
          phase = 1;
        }
        case 1 -> {
          if (index < before.size()) {
            return before.get(index++);
          }
          phase = 2;
          rank = 0;
          index = 0;
        }
        case 2 -> {
          while (rank < size) {
            rank++;
            if (Math.floorMod(hash(rank), UPDATE_ONE_IN) == 0) {
              long at = start - UPDATED_FROM + (rank - 1) * ((UPDATED_FROM - UPDATED_TO) / size);
              LinkEventDraft updated = everyday("updated", links.link(rank), at, 2);
              updated.priority = "high";
              updated.tags = withReviewed(updated.tags);
              updated.createdBy = "maria@shop.example";
              return updated;
            }
          }
          phase = 3;
        }
        case 3 -> {
          if (index < during.size()) {
            return during.get(index++);
          }
          return null;
        }
        default -> throw new IllegalStateException("phase " + phase);
      }
    }
  }

  /** An everyday link's event: priority and a CRM contact drawn from its rank, as its id is. */
  private LinkEventDraft everyday(String type, LinkSpace.Link link, long at, long version) {
    LinkEventDraft draft = new LinkEventDraft(type, link, at, version);
    long hash = hash(link.rank());
    int roll = (int) Math.floorMod(hash >>> 8, 100L);
    draft.priority = roll < 10 ? "high" : roll < 30 ? "low" : "normal";
    draft.tags = tags(link);
    if (link.campaign() != null
        && link.campaign().channel().equals("email")
        && Math.floorMod(hash >>> 16, 20L) == 0) {
      draft.contactId = "crm-contact-" + link.rank();
    }
    if (link.utmSource() != null && UNKNOWN_SOURCES.contains(link.utmSource()) && version == 1) {
      draft.expectedAlert = "link_unknown_utm";
    }
    return draft;
  }

  private long hash(int rank) {
    return LinkSpace.mix(seed * 0xD1B54A32D192ED03L + rank);
  }

  private static List<String> withReviewed(List<String> tags) {
    List<String> out = new ArrayList<>(tags);
    out.add("reviewed");
    return List.copyOf(out);
  }
}
