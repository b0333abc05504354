package io.clickpulse.jobs.alert;

import io.clickpulse.udf.enrich.EnrichedClick;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** A confirmed client-pattern match: an alert, and the client for the {@code bot_clients} table. */
public class ClientPatternAlerts extends PatternProcessFunction<EnrichedClick, Alert> {
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
      Map<String, List<EnrichedClick>> match, Context ctx, Collector<Alert> out) {
    List<EnrichedClick> clicks = match.get(ClientPattern.CLICKS);
    if (!pattern.confirms(clicks, bots)) {
      return;
    }
    EnrichedClick first = clicks.get(0);
    EnrichedClick last = clicks.get(clicks.size() - 1);
    List<String> links = clicks.stream().map(c -> c.click.linkId).distinct().sorted().toList();

    BotClient client = new BotClient();
    client.visitorId = first.visitorId;
    client.rule = pattern.rule();
    client.firstSeen = first.click.eventTime;
    client.lastSeen = last.click.eventTime;
    client.clicks = clicks.size();
    client.distinctLinks = links.size();
    client.sampleLinks = links.stream().limit(5).collect(Collectors.joining(", "));
    client.userAgent = first.click.userAgent == null ? "" : first.click.userAgent;
    ctx.output(BOT_CLIENTS, client);

    Alert a = new Alert();
    a.rule = pattern.rule();
    a.severity = "warning";
    a.status = "firing";
    a.subjectType = "client";
    a.subjectId = Long.toHexString(first.visitorId);
    a.linkId = first.click.linkId;
    a.campaignId = first.click.campaignId == null ? "" : first.click.campaignId;
    a.owner = first.click.campaignOwner == null ? "" : first.click.campaignOwner;
    a.windowStart = first.click.eventTime - Math.floorMod(first.click.eventTime, 60_000L);
    a.windowEnd = last.click.eventTime + 1;
    a.observed = clicks.size();
    a.expected = 0;
    long seconds = Math.max(1, (last.click.eventTime - first.click.eventTime) / 1000);
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
