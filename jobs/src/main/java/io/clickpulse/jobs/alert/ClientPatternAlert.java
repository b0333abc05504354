package io.clickpulse.jobs.alert;

import java.util.List;
import java.util.stream.Collectors;

/** What a confirmed bot-pattern match reports: an alert, and a row of {@code bot_clients}. */
public final class ClientPatternAlert {
  private static final int MAX_USER_AGENT = 120;

  private ClientPatternAlert() {}

  public static BotClient botClient(ClientPatternMatcher.Match match) {
    List<ClientClick> clicks = match.clicks();
    ClientClick first = clicks.get(0);
    List<String> links = distinctLinks(clicks);
    BotClient client = new BotClient();
    client.visitorId = first.visitorId;
    client.rule = match.pattern().rule();
    client.firstSeen = first.eventTime;
    client.lastSeen = clicks.get(clicks.size() - 1).eventTime;
    client.clicks = clicks.size();
    client.distinctLinks = links.size();
    client.sampleLinks = sampleLinks(links);
    client.userAgent = first.userAgent;
    return client;
  }

  public static Alert alert(ClientPatternMatcher.Match match, String dashboardUrlTemplate) {
    List<ClientClick> clicks = match.clicks();
    ClientClick first = clicks.get(0);
    ClientClick last = clicks.get(clicks.size() - 1);
    List<String> links = distinctLinks(clicks);

    Alert a = new Alert();
    a.rule = match.pattern().rule();
    a.severity = "warning";
    a.status = "firing";
    a.subjectType = "client";
    a.subjectId = Long.toHexString(first.visitorId);
    a.linkId = first.linkId;
    a.campaignId = first.campaignId;
    a.owner = first.owner;
    a.windowStart = first.eventTime - Math.floorMod(first.eventTime, 60_000L);
    a.windowEnd = last.eventTime + 1;
    a.observed = clicks.size();
    a.expected = 0;
    long seconds = Math.max(1, (last.eventTime - first.eventTime) / 1000);
    a.reason =
        String.format(
            "client %s: %d clicks on %d links in %d s (%s) - likely automated; its clicks are flagged for dashboards",
            a.subjectId, clicks.size(), links.size(), seconds, a.rule);
    a.evidence.put("sample_links", sampleLinks(links));
    a.evidence.put("ip_network", first.ipNetwork);
    a.evidence.put(
        "user_agent",
        first.userAgent.length() > MAX_USER_AGENT
            ? first.userAgent.substring(0, MAX_USER_AGENT)
            : first.userAgent);
    a.context = AlertContexts.client(clicks);
    return AlertIds.identify(a, dashboardUrlTemplate);
  }

  private static List<String> distinctLinks(List<ClientClick> clicks) {
    return clicks.stream().map(c -> c.linkId).distinct().sorted().toList();
  }

  private static String sampleLinks(List<String> links) {
    return links.stream().limit(5).collect(Collectors.joining(", "));
  }
}
