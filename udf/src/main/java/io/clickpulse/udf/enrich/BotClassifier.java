package io.clickpulse.udf.enrich;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Classifies a click as human or bot, with the reason. Specific signatures come first (a link
 * preview bot is also a "robot" to YAUAA, but the specific reason is what analysts need). Bots are
 * flagged, never dropped.
 *
 * <p>Stateless and thread-safe; serializable so that Flink functions can hold one.
 */
public final class BotClassifier implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Lower-case vendor substrings of the user agent, checked in this order. */
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
                  // Fediverse servers fetch a link to draw the preview card of a post.
                  "mastodon",
                  "misskey",
                  "pleroma",
                  "akkoma",
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
                  "powershell",
                  // Fetches scripted by a user: UrlFetchApp, IMPORTXML() in a spreadsheet.
                  "google-apps-script",
                  "googledocs")),
          Map.entry(
              BotReason.CRAWLER,
              List.of(
                  // Google's Search Console testing tools: Google documents them as crawlers.
                  "google-inspectiontool", "google-structured-data-testing-tool")));

  /**
   * Generic crawler words, as a whole word ("archive.org_bot", "Site24x7 Monitor") or ending a
   * product name before its version ("Googlebot/2.1", "Baiduspider/2.0"). A plain substring would
   * flag phones like "CUBOT_X30".
   */
  private static final Pattern GENERIC_CRAWLER;

  static {
    String words = "(?:bot|crawler|spider|crawl|slurp|archiver|scan|monitor|preview)";
    GENERIC_CRAWLER = Pattern.compile("(?<![a-z0-9])" + words + "(?![a-z0-9])|" + words + "/");
  }

  /** The first matching rule's reason, or {@link BotReason#NONE}. */
  public BotReason classify(String userAgent, String httpMethod, UserAgentInfo info) {
    return withMethod(classifyAgent(userAgent, info), httpMethod);
  }

  /** A request that only asks for headers is a bot's when nothing else already says so. */
  public static BotReason withMethod(BotReason agentReason, String httpMethod) {
    return agentReason == BotReason.NONE && "HEAD".equalsIgnoreCase(httpMethod)
        ? BotReason.HEAD_REQUEST
        : agentReason;
  }

  /**
   * The reason that follows from the user agent alone (everything but the request method), so that
   * callers can cache it per user agent.
   */
  public BotReason classifyAgent(String userAgent, UserAgentInfo info) {
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
    if (GENERIC_CRAWLER.matcher(ua).find()) {
      return BotReason.CRAWLER;
    }
    if (info != null) {
      // Not "Special": YAUAA also puts text browsers, old phones and HbbTV sets there.
      switch (info.agentClass()) {
        case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> {
          return BotReason.CRAWLER;
        }
        case "Cloud Application", "Testclient" -> {
          return BotReason.AUTOMATION_TOOL;
        }
        default -> {}
      }
      // A robot device class means a robot whatever the agent class says.
      if (info.deviceClass().equals(UserAgentClassifier.BOT)) {
        return BotReason.CRAWLER;
      }
    }
    return BotReason.NONE;
  }
}
