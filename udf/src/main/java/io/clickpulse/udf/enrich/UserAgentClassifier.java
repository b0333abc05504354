package io.clickpulse.udf.enrich;

import java.util.HashMap;
import java.util.Map;
import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;

/**
 * User-agent parsing with YAUAA. Building the analyzer takes seconds and about 200 MB of heap, and
 * parsing an unseen string is slow, so the tasks of a JVM share one ({@link #acquire}) and keep its
 * LRU cache large enough for the traffic's variety. YAUAA parses under its own lock, so sharing is
 * safe; callers keep their own cache of results in front of it ({@link ClickEnricher}).
 */
public final class UserAgentClassifier {
  public static final int DEFAULT_CACHE_SIZE = 20_000;

  /** Per cache size, the classifier the tasks share and how many hold it now. */
  private static final Map<Integer, Held> SHARED = new HashMap<>();

  /** Per cache size, a classifier nobody holds, kept by {@link #park} for the next acquire. */
  private static final Map<Integer, UserAgentClassifier> PARKED = new HashMap<>();

  private record Held(UserAgentClassifier classifier, int holders) {}

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
   * The classifier with {@code cacheSize} that this JVM's tasks share (per class loader, so per
   * job), built by the first caller while the others wait; each caller gives it back with {@link
   * #release} (or {@link #park}) when its task closes. The last release drops it: a static cache
   * that kept it made a TaskManager run out of heap after a few jobs (bench/README.md).
   */
  public static synchronized UserAgentClassifier acquire(int cacheSize) {
    Held held = SHARED.get(cacheSize);
    UserAgentClassifier classifier = held != null ? held.classifier() : PARKED.remove(cacheSize);
    if (classifier == null) {
      classifier = new UserAgentClassifier(cacheSize);
    }
    SHARED.put(cacheSize, new Held(classifier, held == null ? 1 : held.holders() + 1));
    return classifier;
  }

  /** Gives back a classifier from {@link #acquire}; does nothing for any other. */
  public static synchronized void release(UserAgentClassifier classifier) {
    giveBack(classifier, false);
  }

  /**
   * As {@link #release}, but the last holder leaves it built for the next {@link #acquire} until
   * {@link #dropParked}: a Flink job restarting on the same TaskManager (its class loader, and so
   * these statics, survive a failover) gets it back instead of spending seconds of a core building
   * it again. Whoever parks must make sure {@link #dropParked} runs when the tasks are gone for
   * good (a Flink task registers it as its class loader's release hook).
   */
  public static synchronized void park(UserAgentClassifier classifier) {
    giveBack(classifier, true);
  }

  /** Drops the parked classifiers; the held ones stay with their holders. Safe to call twice. */
  public static synchronized void dropParked() {
    PARKED.clear();
  }

  private static void giveBack(UserAgentClassifier classifier, boolean park) {
    Held held = classifier == null ? null : SHARED.get(classifier.cacheSize);
    if (held == null || held.classifier() != classifier) {
      return;
    }
    if (held.holders() == 1) {
      SHARED.remove(classifier.cacheSize);
      if (park) {
        PARKED.put(classifier.cacheSize, classifier);
      }
    } else {
      SHARED.put(classifier.cacheSize, new Held(classifier, held.holders() - 1));
    }
  }

  /** How many tasks hold the shared classifier with {@code cacheSize} (0: none is built). */
  public static synchronized int holders(int cacheSize) {
    Held held = SHARED.get(cacheSize);
    return held == null ? 0 : held.holders();
  }

  /** Whether a classifier with {@code cacheSize} is parked, built and held by nobody. */
  public static synchronized boolean parked(int cacheSize) {
    return PARKED.containsKey(cacheSize);
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
