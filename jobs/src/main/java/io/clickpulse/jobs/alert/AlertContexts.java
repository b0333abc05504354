package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds each alert kind's {@link AlertContext} from what its rule saw. Plain Java. */
final class AlertContexts {
  private AlertContexts() {}

  /**
   * An episode's: the link's attributes from its latest minute, totals over the window's minutes;
   * top lists summed from each minute's top {@link AlertContext#TOP} (exact unless a value ranked
   * below that in some minute).
   */
  static AlertContext episode(List<MinuteObservation> run) {
    MinuteObservation last = run.get(run.size() - 1);
    AlertContext c = new AlertContext();
    c.shortUrl = last.shortUrl;
    c.destinationUrl = last.destinationUrl;
    c.linkDomain = last.linkDomain;
    c.channel = last.channel;
    c.utmSource = last.utmSource;
    c.utmMedium = last.utmMedium;
    c.utmCampaign = last.utmCampaign;
    c.campaignName = SubjectClick.orEmpty(last.campaignName);
    c.baseline = Math.round(run.get(0).baselineMean * 10) / 10.0;
    List<List<AlertContext.Count>> referrers = new ArrayList<>();
    List<List<AlertContext.Count>> countries = new ArrayList<>();
    List<List<AlertContext.Count>> destinations = new ArrayList<>();
    Map<Integer, Long> statuses = new HashMap<>();
    Map<String, AlertContext.LinkCount> links = new HashMap<>();
    for (MinuteObservation o : run) {
      c.clicks += o.clicks;
      c.humanClicks += o.humanClicks;
      c.failingClicks += o.redirectErrors;
      addIfAny(referrers, o.referrerCounts);
      addIfAny(countries, o.countryCounts);
      addIfAny(destinations, o.failingDestinationCounts);
      if (o.statusCounts != null) {
        o.statusCounts.forEach(s -> statuses.merge(s.status, s.clicks, Long::sum));
      }
      if (o.linkCounts != null) {
        for (AlertContext.LinkCount l : o.linkCounts) {
          links.computeIfAbsent(l.linkId, id -> withoutClicks(l)).clicks += l.clicks;
        }
      }
    }
    c.topReferrers = AlertContext.top(AlertContext.sum(referrers));
    c.topCountries = AlertContext.top(AlertContext.sum(countries));
    c.failingDestinations = AlertContext.top(AlertContext.sum(destinations));
    c.statusCodes = AlertContext.statuses(statuses);
    c.topLinks = AlertContext.topLinks(links);
    c.shares();
    return c;
  }

  /**
   * A client pattern's: its matched clicks, the links they hit (ids only: the client's clicks keep
   * no link attributes) and where they came from.
   */
  static AlertContext client(List<ClientClick> clicks) {
    AlertContext c = new AlertContext();
    Map<String, AlertContext.LinkCount> links = new LinkedHashMap<>();
    Map<String, Long> referrers = new HashMap<>();
    Map<String, Long> countries = new HashMap<>();
    for (ClientClick k : clicks) {
      c.clicks++;
      c.humanClicks += k.human ? 1 : 0;
      links.computeIfAbsent(k.linkId, AlertContext.LinkCount::new).clicks++;
      referrers.merge(orUnknown(k.referrerDomain, "(direct)"), 1L, Long::sum);
      countries.merge(orUnknown(k.country, "??"), 1L, Long::sum);
    }
    c.topLinks = AlertContext.topLinks(links);
    c.topReferrers = AlertContext.top(referrers);
    c.topCountries = AlertContext.top(countries);
    c.shares();
    return c;
  }

  /**
   * A daily rule's: the link's attributes from the click that reached the threshold, and the day's
   * offending clicks up to it ({@code tally}).
   */
  static AlertContext daily(EnrichedClick click, DailyTally tally) {
    AlertContext c = new AlertContext();
    c.shortUrl = SubjectClick.orEmpty(click.click.shortUrl);
    c.destinationUrl = SubjectClick.orEmpty(click.click.destinationUrl);
    c.linkDomain = SubjectClick.orEmpty(click.click.linkDomain);
    c.channel = SubjectClick.orEmpty(click.channel);
    c.utmSource = SubjectClick.orEmpty(click.utmSource);
    c.utmMedium = SubjectClick.orEmpty(click.utmMedium);
    c.utmCampaign = SubjectClick.orEmpty(click.utmCampaign);
    c.campaignName = SubjectClick.orEmpty(click.campaignName);
    c.clicks = tally.clicks;
    c.humanClicks = tally.humanClicks;
    c.topReferrers = AlertContext.top(tally.referrers);
    c.topCountries = AlertContext.top(tally.countries);
    c.shares();
    return c;
  }

  /**
   * An hourly threshold's or a milestone's: the link's attributes from the click that crossed it (a
   * campaign's first-seen values for a campaign subject), and {@code humanClicks} counted. Only
   * human clicks are counted by these rules, so the share is 1.
   */
  static AlertContext counted(SubjectClick click, long humanClicks) {
    AlertContext c = new AlertContext();
    if (SubjectClick.LINK.equals(click.subjectType)) {
      c.shortUrl = SubjectClick.orEmpty(click.shortUrl);
      c.destinationUrl = SubjectClick.orEmpty(click.destinationUrl);
      c.linkDomain = SubjectClick.orEmpty(click.linkDomain);
    }
    c.channel = SubjectClick.orEmpty(click.channel);
    c.utmSource = SubjectClick.orEmpty(click.utmSource);
    c.utmMedium = SubjectClick.orEmpty(click.utmMedium);
    c.utmCampaign = SubjectClick.orEmpty(click.utmCampaign);
    c.campaignName = SubjectClick.orEmpty(click.campaignName);
    c.clicks = humanClicks;
    c.humanClicks = humanClicks;
    c.shares();
    return c;
  }

  /** {@link #counted}'s context of {@code from} with another count (a resolution's final one). */
  static AlertContext recounted(AlertContext from, long humanClicks) {
    AlertContext c = new AlertContext();
    c.shortUrl = from.shortUrl;
    c.destinationUrl = from.destinationUrl;
    c.linkDomain = from.linkDomain;
    c.channel = from.channel;
    c.utmSource = from.utmSource;
    c.utmMedium = from.utmMedium;
    c.utmCampaign = from.utmCampaign;
    c.campaignName = from.campaignName;
    c.clicks = humanClicks;
    c.humanClicks = humanClicks;
    c.shares();
    return c;
  }

  private static void addIfAny(List<List<AlertContext.Count>> all, List<AlertContext.Count> one) {
    if (one != null) {
      all.add(one);
    }
  }

  private static AlertContext.LinkCount withoutClicks(AlertContext.LinkCount l) {
    AlertContext.LinkCount c = l.copy();
    c.clicks = 0;
    return c;
  }

  private static String orUnknown(String value, String unknown) {
    return value == null || value.isEmpty() ? unknown : value;
  }
}
