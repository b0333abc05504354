package io.clickpulse.jobs.alert;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** A confirmed client-pattern match: an alert, and the client for the {@code bot_clients} table. */
public class ClientPatternAlerts extends PatternProcessFunction<ClientClick, Alert> {
  public static final OutputTag<BotClient> BOT_CLIENTS = new OutputTag<>("bot-clients") {};

  private final ClientPattern pattern;
  private final AlertRules.Bots bots;
  private final String dashboardUrlTemplate;

  public ClientPatternAlerts(ClientPattern pattern, AlertRules rules) {
    this.pattern = pattern;
    this.bots = rules.bots();
    this.dashboardUrlTemplate = rules.dashboardUrlTemplate();
  }

  @Override
  public void processMatch(
      Map<String, List<ClientClick>> match, Context ctx, Collector<Alert> out) {
    List<ClientClick> clicks = match.get(ClientPattern.CLICKS);
    if (!pattern.confirms(clicks, bots)) {
      return;
    }
    ClientClick first = clicks.get(0);
    ClientClick last = clicks.get(clicks.size() - 1);
    List<String> links = clicks.stream().map(c -> c.linkId).distinct().sorted().toList();

    BotClient client = new BotClient();
    client.visitorId = first.visitorId;
    client.rule = pattern.rule();
    client.firstSeen = first.eventTime;
    client.lastSeen = last.eventTime;
    client.clicks = clicks.size();
    client.distinctLinks = links.size();
    client.sampleLinks = links.stream().limit(5).collect(Collectors.joining(", "));
    client.userAgent = first.userAgent;
    ctx.output(BOT_CLIENTS, client);

    Alert a = new Alert();
    a.rule = pattern.rule();
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
            a.subjectId, clicks.size(), links.size(), seconds, pattern.rule());
    a.evidence.put("sample_links", client.sampleLinks);
    a.evidence.put("ip_network", first.ipNetwork);
    a.evidence.put(
        "user_agent",
        client.userAgent.length() > 120 ? client.userAgent.substring(0, 120) : client.userAgent);
    out.collect(AlertIds.identify(a, dashboardUrlTemplate));
  }
}
