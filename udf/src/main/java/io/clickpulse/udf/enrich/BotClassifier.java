package io.clickpulse.udf.enrich;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Classifies a click as human or bot, with the reason. Specific signatures come first (a link
 * preview bot is also a "robot" to YAUAA, but the specific reason is what analysts need). Bots are
 * flagged, never dropped.
 */
public final class BotClassifier {

  /** Lower-case substrings of the user agent, checked in this order. */
  private static final List<Map.Entry<BotReason, List<String>>> SIGNATURES =
      List.of(
          Map.entry(
              BotReason.LINK_PREVIEW,
              List.of(
                  "slackbot",
                  "slack-imgproxy",
                  "facebookexternalhit",
                  "facebot",
                  "twitterbot",
                  "linkedinbot",
                  "whatsapp",
                  "telegrambot",
                  "discordbot",
                  "skypeuripreview",
                  "pinterestbot",
                  "redditbot",
                  "embedly",
                  "iframely",
                  "mastodon",
                  "vkshare",
                  "bitlybot",
                  "google-pagerenderer",
                  "microsoftpreview")),
          Map.entry(
              BotReason.EMAIL_SCANNER,
              List.of(
                  "safelinks",
                  "safe links",
                  "microsoft defender",
                  "proofpoint",
                  "mimecast",
                  "barracuda",
                  "trendmicro",
                  "trend micro",
                  "forcepoint",
                  "ironport",
                  "symantec",
                  "messagelabs",
                  "fireeye",
                  "trellix",
                  "sophos",
                  "zscaler",
                  "cloudmark",
                  "vadesecure",
                  "spamtitan",
                  "mailscanner")),
          Map.entry(
              BotReason.HEADLESS_BROWSER,
              List.of(
                  "headlesschrome",
                  "headless",
                  "phantomjs",
                  "puppeteer",
                  "playwright",
                  "selenium",
                  "webdriver")),
          Map.entry(
              BotReason.AUTOMATION_TOOL,
              List.of(
                  "curl/",
                  "wget/",
                  "python-requests",
                  "python-urllib",
                  "aiohttp",
                  "httpx",
                  "go-http-client",
                  "okhttp",
                  "java/",
                  "java-http-client",
                  "apache-httpclient",
                  "axios/",
                  "node-fetch",
                  "undici",
                  "libwww-perl",
                  "ruby",
                  "postmanruntime",
                  "insomnia",
                  "httpie",
                  "powershell")),
          Map.entry(
              BotReason.CRAWLER,
              List.of(
                  "bot",
                  "crawler",
                  "spider",
                  "crawl",
                  "slurp",
                  "archiver",
                  "scan",
                  "monitor",
                  "preview")));

  /** The first matching rule's reason, or {@link BotReason#NONE}. */
  public BotReason classify(String userAgent, String httpMethod, UserAgentInfo info) {
    if (userAgent == null || userAgent.isBlank()) {
      return BotReason.EMPTY_USER_AGENT;
    }
    String ua = userAgent.toLowerCase(Locale.ROOT);
    for (Map.Entry<BotReason, List<String>> signature : SIGNATURES) {
      for (String token : signature.getValue()) {
        if (ua.contains(token)) {
          return signature.getKey();
        }
      }
    }
    if (info != null) {
      switch (info.agentClass()) {
        case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker", "Special" -> {
          return BotReason.CRAWLER;
        }
        default -> {}
      }
    }
    if ("HEAD".equalsIgnoreCase(httpMethod)) {
      return BotReason.HEAD_REQUEST;
    }
    return BotReason.NONE;
  }
}
