package io.clickpulse.udf.enrich;

import io.clickpulse.udf.event.ClickEvent;
import java.util.ArrayList;

/**
 * Derives everything ClickPulse stores about a click from the validated event. Holds a user-agent
 * analyzer and a MAC, so build one per task and reuse it.
 */
public final class ClickEnricher {
  private final UtmNormalizer utm;
  private final UserAgentClassifier userAgents;
  private final BotClassifier bots = new BotClassifier();
  private final IpPrivacy privacy;

  public ClickEnricher(
      UtmTaxonomy taxonomy, UserAgentClassifier userAgents, String visitorHashSecret) {
    this.utm = new UtmNormalizer(taxonomy);
    this.userAgents = userAgents;
    this.privacy = new IpPrivacy(visitorHashSecret);
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

    UserAgentInfo ua = userAgents.classify(event.userAgent);
    out.browser = ua.browser();
    out.browserVersion = ua.browserVersion();
    out.os = ua.os();
    BotReason reason = bots.classify(event.userAgent, event.httpMethod, ua);
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
}
