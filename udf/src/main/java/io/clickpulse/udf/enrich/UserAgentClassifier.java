package io.clickpulse.udf.enrich;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * User-agent parsing with YAUAA. Building the analyzer takes seconds of CPU and about 200 MB of
 * heap, and parsing an unseen string is slow: share one per JVM ({@link #shared}) and keep its LRU
 * cache large enough for the traffic's variety. Threads may share it: YAUAA's analyzer matches one
 * string at a time under its own lock and returns immutable results.
 */
public final class UserAgentClassifier {
  /** One per cache size and class loader: the slots of a TaskManager share it. */
  private static final Map<Integer, UserAgentClassifier> SHARED = new ConcurrentHashMap<>();

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

  /**
   * The JVM's classifier with this cache size, built by the first caller (others wait for it rather
   * than build a second): a TaskManager with several slots, and a task restarted after a failure,
   * pay for one analyzer instead of one per task start.
   */
  public static UserAgentClassifier shared(int cacheSize) {
    return SHARED.computeIfAbsent(cacheSize, UserAgentClassifier::new);
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
