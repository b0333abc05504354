package io.clickpulse.udf.enrich;

import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Derives everything ClickPulse stores about a click from the validated event. Holds a cache of
 * user-agent results and a MAC, so build one per task and reuse it (not thread-safe); the analyzer
 * behind the cache may be shared ({@link UserAgentClassifier#acquire}).
 */
public final class ClickEnricher {
  /** What a user agent says, parsed and classified once per distinct string. */
  private record Agent(UserAgentInfo info, BotReason reason) {}

  private final Map<String, Agent> agents;
  private final UtmNormalizer utm;
  private final UserAgentClassifier userAgents;
  private final BotClassifier bots = new BotClassifier();
  private final IpPrivacy privacy;

  public ClickEnricher(
      UtmTaxonomy taxonomy, UserAgentClassifier userAgents, String visitorHashSecret) {
    this.utm = new UtmNormalizer(taxonomy);
    this.userAgents = userAgents;
    this.privacy = new IpPrivacy(visitorHashSecret);
    // Least recently used first, as large as the configured user-agent cache.
    int cacheSize = userAgents.cacheSize();
    this.agents =
        new LinkedHashMap<>(1024, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Agent> eldest) {
            return size() > cacheSize;
          }
        };
  }

  /** Enriches {@code event}; the returned click holds the event with its IP removed. */
  public EnrichedClick enrich(ClickEvent event) {
    EnrichedClick out = new EnrichedClick();
    NormalizedUtm n =
        utm.normalize(
            event.utmSource,
            event.utmMedium,
            event.utmCampaign,
            event.utmTerm,
            event.utmContent,
            event.channel);
    out.utmSource = n.source();
    out.utmMedium = n.medium();
    out.utmCampaign = n.campaign();
    out.utmTerm = n.term();
    out.utmContent = n.content();
    out.channel = n.channel().isEmpty() ? "unknown" : n.channel();
    out.utmUnknown = new ArrayList<>(n.unknownFields());
    out.taxonomyVersion = n.taxonomyVersion();

    Agent agent = agent(event.userAgent);
    UserAgentInfo ua = agent.info();
    out.browser = ua.browser();
    out.browserVersion = ua.browserVersion();
    out.os = ua.os();
    BotReason reason = BotClassifier.withMethod(agent.reason(), event.httpMethod);
    out.isBot = reason != BotReason.NONE;
    out.botReason = reason.code();
    out.deviceClass = out.isBot ? UserAgentClassifier.BOT : ua.deviceClass();

    out.referrerDomain = ReferrerDomains.of(event.referrer);

    out.visitorId = privacy.visitorId(event.ip, event.userAgent);
    out.ipHash = privacy.ipHash(event.ip);
    out.ipNetwork = IpPrivacy.network(event.ip);
    event.ip = null;
    out.click = event;
    return out;
  }

  private Agent agent(String userAgent) {
    String key = userAgent == null ? "" : userAgent;
    Agent agent = agents.get(key);
    if (agent == null) {
      UserAgentInfo info = userAgents.classify(userAgent);
      agent = new Agent(info, bots.classifyAgent(userAgent, info));
      agents.put(key, agent);
    }
    return agent;
  }
}
