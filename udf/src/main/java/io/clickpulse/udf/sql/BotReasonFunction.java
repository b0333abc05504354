package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.BotClassifier;

/** {@code BOT_REASON(user_agent, http_method)}: a bot reason code, "" for humans. */
public class BotReasonFunction extends UserAgentFunction {
  private final BotClassifier bots = new BotClassifier();

  public String eval(String userAgent, String httpMethod) {
    return bots.classify(userAgent, httpMethod, userAgents.classify(userAgent)).code();
  }
}
