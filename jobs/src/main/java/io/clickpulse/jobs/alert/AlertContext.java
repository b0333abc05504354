package io.clickpulse.jobs.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the owner of an alert needs to act on it without opening a dashboard: the link (or, for a
 * campaign or a client, its top links), its attribution, and what the window saw. Every field is
 * always present (empty, 0 or [] when it does not apply), so consumers and the published schema
 * ({@code docs/schemas/alert-v1.schema.json}) need no nulls. Documented in {@code docs/alerts.md}.
 */
public class AlertContext {
  /** How many entries each top list keeps. */
  static final int TOP = 5;

  /** The link's; empty for a campaign or client subject (see {@link #topLinks}). */
  public String shortUrl = "";

  public String destinationUrl = "";
  public String linkDomain = "";

  /** The link catalog's (docs/links.md); empty without the link stage or for a link it lacks. */
  public String campaignName = "";

  /** Normalized by the UTM taxonomy; a campaign's links may differ, see {@link #topLinks}. */
  public String channel = "";

  public String utmSource = "";
  public String utmMedium = "";
  public String utmCampaign = "";

  /** Clicks of the subject in the window, all of them and those not flagged as bots. */
  public long clicks;

  public long humanClicks;

  /** humanClicks / clicks, 0 without clicks. */
  public double humanShare;

  /** Expected human clicks per minute when the episode began; 0 for rules without a baseline. */
  public double baseline;

  public List<Count> topReferrers = new ArrayList<>();
  public List<Count> topCountries = new ArrayList<>();

  /** A campaign's or a client's most clicked links; for a link subject, empty. */
  public List<LinkCount> topLinks = new ArrayList<>();

  /** Failed redirects (status >= 400 or 0 = unreachable): where to, which statuses, how many. */
  public List<Count> failingDestinations = new ArrayList<>();

  public List<StatusCount> statusCodes = new ArrayList<>();
  public long failingClicks;

  /** failingClicks / clicks, 0 without clicks. */
  public double failingShare;

  public AlertContext() {}

  /** A value (referrer domain, country, destination URL) and its clicks. */
  public static class Count {
    public String name;
    public long clicks;

    public Count() {}

    public Count(String name, long clicks) {
      this.name = name;
      this.clicks = clicks;
    }

    @Override
    public String toString() {
      return name + "=" + clicks;
    }
  }

  /** A redirect status (0 = unreachable) and its clicks. */
  public static class StatusCount {
    public int status;
    public long clicks;

    public StatusCount() {}

    public StatusCount(int status, long clicks) {
      this.status = status;
      this.clicks = clicks;
    }

    @Override
    public String toString() {
      return status + "=" + clicks;
    }
  }

  /** One of a campaign's (or client's) links and its clicks, with its constant attributes. */
  public static class LinkCount {
    public String linkId;
    public String shortUrl = "";
    public String destinationUrl = "";
    public String channel = "";
    public String utmSource = "";
    public String utmMedium = "";
    public long clicks;

    public LinkCount() {}

    LinkCount(String linkId) {
      this.linkId = linkId;
    }

    LinkCount copy() {
      LinkCount c = new LinkCount(linkId);
      c.shortUrl = shortUrl;
      c.destinationUrl = destinationUrl;
      c.channel = channel;
      c.utmSource = utmSource;
      c.utmMedium = utmMedium;
      c.clicks = clicks;
      return c;
    }

    @Override
    public String toString() {
      return linkId + "=" + clicks;
    }
  }

  /** Fills the two shares from the counts. */
  void shares() {
    humanShare = share(humanClicks, clicks);
    failingShare = share(failingClicks, clicks);
  }

  static double share(long part, long all) {
    return all == 0 ? 0 : Math.round(part * 1000.0 / all) / 1000.0;
  }

  /** The {@link #TOP} largest counts, most clicks first, then by name. */
  static List<Count> top(Map<String, Long> counts) {
    List<Count> top = new ArrayList<>(Math.min(TOP, counts.size()));
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .limit(TOP)
        .forEach(e -> top.add(new Count(e.getKey(), e.getValue())));
    return top;
  }

  /** Statuses most clicks first, then by status; all of them (there are few). */
  static List<StatusCount> statuses(Map<Integer, Long> counts) {
    List<StatusCount> all = new ArrayList<>(counts.size());
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<Integer, Long>comparingByValue(Comparator.reverseOrder())
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> all.add(new StatusCount(e.getKey(), e.getValue())));
    return all;
  }

  /** The {@link #TOP} most clicked links, then by id. */
  static List<LinkCount> topLinks(Map<String, LinkCount> links) {
    List<LinkCount> top = new ArrayList<>(Math.min(TOP, links.size()));
    links.values().stream()
        .sorted(
            Comparator.comparingLong((LinkCount l) -> l.clicks)
                .reversed()
                .thenComparing(l -> l.linkId))
        .limit(TOP)
        .forEach(l -> top.add(l.copy()));
    return top;
  }

  /** Sums per-minute top lists into window totals (approximate beyond each minute's top). */
  static Map<String, Long> sum(Iterable<List<Count>> lists) {
    Map<String, Long> sum = new HashMap<>();
    for (List<Count> list : lists) {
      for (Count c : list) {
        sum.merge(c.name, c.clicks, Long::sum);
      }
    }
    return sum;
  }
}
