package io.clickpulse.stack.traffic;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The model's links, computed from their popularity rank (1 = the most clicked) rather than stored:
 * a link's id, short URL, campaign and UTM spelling are pure functions of the seed and the rank, so
 * a million links cost nothing until clicked, and the same seed always names the same links. Only
 * the hottest ranks, which get most of the clicks, are cached.
 *
 * <p>A quarter of the links are untagged direct links (no campaign, no UTM parameters); the others
 * belong to campaigns of about {@value #LINKS_PER_CAMPAIGN} links each, modelled on the catalog's
 * campaigns (their channel, owner and messy UTM spellings). Each link keeps one spelling: UTM
 * parameters live in the link's destination URL.
 */
final class LinkSpace {
  /** A link: {@code campaign} and the UTM fields are null for a direct link. */
  record Link(
      int rank,
      String id,
      String shortUrl,
      String destinationUrl,
      Catalog.Campaign campaign,
      String utmSource,
      String utmMedium,
      String utmContent) {}

  static final int LINKS_PER_CAMPAIGN = 250;
  private static final int DIRECT_PERCENT = 25;
  private static final int CACHED_RANKS = 1 << 14;
  private static final long ID_BITS_MASK = (1L << 40) - 1;
  private static final String BASE62 =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

  private final long seed;
  private final int links;
  private final Catalog.Campaign[] campaigns;
  private final Link[] hot;

  LinkSpace(long seed, int links) {
    this.seed = seed;
    this.links = links;
    int templates = Catalog.CAMPAIGNS.size();
    this.campaigns = new Catalog.Campaign[Math.max(templates, links / LINKS_PER_CAMPAIGN)];
    for (int i = 0; i < campaigns.length; i++) {
      Catalog.Campaign template = Catalog.CAMPAIGNS.get(i % templates);
      int edition = i / templates + 1;
      campaigns[i] =
          edition == 1
              ? template
              : new Catalog.Campaign(
                  template.id() + "-" + edition,
                  template.owner(),
                  template.channel(),
                  template.sources(),
                  template.mediums(),
                  template.name() + "-" + edition);
    }
    this.hot = new Link[Math.min(links, CACHED_RANKS) + 1];
  }

  int size() {
    return links;
  }

  Link link(int rank) {
    if (rank < hot.length) {
      Link cached = hot[rank];
      return cached != null ? cached : (hot[rank] = compute(rank, null, true));
    }
    return compute(rank, null, true);
  }

  /** The {@code count} most clicked links that match, most clicked first (fewer if not found). */
  List<Link> hottest(Predicate<Link> filter, int count) {
    List<Link> found = new ArrayList<>();
    for (int rank = 1; rank <= links && found.size() < count; rank++) {
      Link link = link(rank);
      if (filter.test(link)) {
        found.add(link);
      }
    }
    return found;
  }

  /**
   * Link {@code number} (from 1) of {@code campaign} among those the popularity model never draws:
   * just published, nobody knows it yet; {@code tagged}: with its UTM parameters.
   */
  Link unpublished(Catalog.Campaign campaign, int number, boolean tagged) {
    return compute(links + number, campaign, tagged);
  }

  private Link compute(int rank, Catalog.Campaign forcedCampaign, boolean tagged) {
    long hash = mix(seed * 0x9E3779B97F4A7C15L + rank);
    String code = code(rank);
    Catalog.Campaign campaign =
        forcedCampaign != null
            ? forcedCampaign
            : Math.floorMod(hash, 100) < DIRECT_PERCENT
                ? null
                : campaigns[(int) Math.floorMod(hash >>> 8, (long) campaigns.length)];
    if (campaign == null) {
      return new Link(
          rank,
          "lnk-" + code,
          "https://cpl.sh/" + code,
          "https://shop.example/p/" + code,
          null,
          null,
          null,
          null);
    }
    String path = "https://shop.example/" + campaign.id().substring("cmp-".length()) + "/" + code;
    if (!tagged) {
      return new Link(
          rank, "lnk-" + code, "https://cpl.sh/" + code, path, campaign, null, null, null);
    }
    String source = pick(campaign.sources(), hash >>> 24);
    String medium = pick(campaign.mediums(), hash >>> 32);
    int variant = (int) ((hash >>> 40) & 3);
    String content = variant == 0 ? null : "variant-" + (char) ('a' + variant - 1);
    String destination =
        path
            + "?utm_source="
            + urlEncoded(source)
            + "&utm_medium="
            + urlEncoded(medium)
            + "&utm_campaign="
            + urlEncoded(campaign.name())
            + (content == null ? "" : "&utm_content=" + content);
    return new Link(
        rank,
        "lnk-" + code,
        "https://cpl.sh/" + code,
        destination,
        campaign,
        source,
        medium,
        content);
  }

  /**
   * Seven base-62 characters, distinct for distinct ranks: a bijection of the 40-bit numbers (add,
   * odd multiply and xor-shift are each invertible modulo 2^40), keyed by the seed.
   */
  private String code(int rank) {
    long x = (rank + mix(seed)) & ID_BITS_MASK;
    x = (x * 0x9E3779B97F4A7C15L) & ID_BITS_MASK;
    x ^= x >>> 19;
    x = (x * 0xC2B2AE3D27D4EB4FL) & ID_BITS_MASK;
    x ^= x >>> 21;
    char[] code = new char[7];
    for (int i = code.length - 1; i >= 0; i--, x /= 62) {
      code[i] = BASE62.charAt((int) (x % 62));
    }
    return new String(code);
  }

  /** Spaces as {@code %20}; the catalog's spellings are otherwise URL-safe (or already escaped). */
  private static String urlEncoded(String value) {
    return value.replace(" ", "%20");
  }

  private static String pick(List<String> values, long hash) {
    return values.get((int) Math.floorMod(hash, (long) values.size()));
  }

  /** SplitMix64's finalizer: a well-spread 64-bit hash. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
