package io.clickpulse.udf.enrich;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * User-agent parsing with YAUAA. Building the analyzer takes seconds and parsing an unseen string
 * is slow, so build one per task and keep its LRU cache large enough for the traffic's variety.
 */
public final class UserAgentClassifier {
  public static final int DEFAULT_CACHE_SIZE = 20_000;

  /** The device class of robots, spies and hackers. */
  public static final String BOT = "bot";

  private static final String UNKNOWN = "unknown";

  private final UserAgentAnalyzer analyzer;
  private final int cacheSize;

  public UserAgentClassifier() {
    this(DEFAULT_CACHE_SIZE);
  }

  public UserAgentClassifier(int cacheSize) {
    this.cacheSize = cacheSize;
    this.analyzer =
        UserAgentAnalyzer.newBuilder()
            .hideMatcherLoadStats()
            .withCache(cacheSize)
            // Only the fields we store: each extra field costs parse time.
            .withField(UserAgent.AGENT_NAME)
            .withField(UserAgent.AGENT_VERSION_MAJOR)
            .withField(UserAgent.OPERATING_SYSTEM_NAME)
            .withField(UserAgent.DEVICE_CLASS)
            .withField(UserAgent.AGENT_CLASS)
            .immediateInitialization()
            .build();
  }

  /** How many distinct user agents the configuration asked to keep parsed. */
  public int cacheSize() {
    return cacheSize;
  }

  public UserAgentInfo classify(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return new UserAgentInfo(UNKNOWN, "", UNKNOWN, UNKNOWN, UNKNOWN);
    }
    UserAgent parsed = analyzer.parse(userAgent);
    return new UserAgentInfo(
        known(parsed.getValue(UserAgent.AGENT_NAME)),
        version(parsed.getValue(UserAgent.AGENT_VERSION_MAJOR)),
        known(parsed.getValue(UserAgent.OPERATING_SYSTEM_NAME)),
        deviceClass(parsed.getValue(UserAgent.DEVICE_CLASS)),
        known(parsed.getValue(UserAgent.AGENT_CLASS)));
  }

  /** Folds YAUAA's fine-grained device classes into the few that dashboards show. */
  static String deviceClass(String yauaa) {
    return switch (yauaa) {
      case "Desktop", "Anonymized" -> "desktop";
      case "Phone", "Mobile" -> "phone";
      case "Tablet", "eReader" -> "tablet";
      case "TV", "Set-top box" -> "tv";
      case "Game Console", "Handheld Game Console" -> "console";
      case "Watch", "Augmented Reality", "Virtual Reality" -> "wearable";
      case "Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker" -> BOT;
      case "Unknown", "??" -> UNKNOWN;
      // Cloud (a Fediverse server fetching a preview), Voice, Car, ...: too rare for a dashboard
      // series.
      default -> "other";
    };
  }

  private static String known(String value) {
    return value == null || value.startsWith("??") || value.equals("Unknown") ? UNKNOWN : value;
  }

  private static String version(String value) {
    return value == null || value.startsWith("??") ? "" : value;
  }
}
