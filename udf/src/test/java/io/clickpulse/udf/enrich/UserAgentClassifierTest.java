package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class UserAgentClassifierTest {
  /** The shared table of real user agents, also used by {@link BotClassifierTest}. */
  static final String TABLE = "/io/clickpulse/udf/enrich/user-agents.psv";

  private static final String IPHONE =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.1 Mobile/15E148 Safari/604.1";

  private static UserAgentClassifier classifier;

  @BeforeAll
  static void buildClassifier() {
    classifier = new UserAgentClassifier();
  }

  /**
   * Tasks share one classifier per cache size while any holds it; the last release drops it, so the
   * next task builds a new one (a finished job's analyzer does not stay reachable).
   */
  @Test
  void tasksShareOneClassifierUntilTheLastReleasesIt() throws Exception {
    int cacheSize = 17; // no other test asks for this size
    UserAgentClassifier first = UserAgentClassifier.acquire(cacheSize);
    UserAgentClassifier[] second = new UserAgentClassifier[1];
    Thread otherTask = new Thread(() -> second[0] = UserAgentClassifier.acquire(cacheSize));
    otherTask.start();
    otherTask.join();
    assertSame(first, second[0]);
    assertEquals(2, UserAgentClassifier.holders(cacheSize));

    UserAgentClassifier.release(classifier); // not acquired: ignored
    UserAgentClassifier.release(first);
    assertEquals(1, UserAgentClassifier.holders(cacheSize));
    assertEquals("phone", second[0].classify(IPHONE).deviceClass(), "still usable");
    UserAgentClassifier.release(second[0]);
    assertEquals(0, UserAgentClassifier.holders(cacheSize));

    UserAgentClassifier next = UserAgentClassifier.acquire(cacheSize);
    assertNotSame(first, next);
    UserAgentClassifier.release(next);
  }

  /**
   * A restart's tasks get back the classifier their predecessors parked; once the job is gone
   * (dropParked), the next acquire builds a new one, and holders keep theirs meanwhile.
   */
  @Test
  void aParkedClassifierServesTheNextAcquireUntilDropped() {
    int cacheSize = 19; // no other test asks for this size
    UserAgentClassifier first = UserAgentClassifier.acquire(cacheSize);
    UserAgentClassifier.park(first);
    assertEquals(0, UserAgentClassifier.holders(cacheSize));

    UserAgentClassifier afterRestart = UserAgentClassifier.acquire(cacheSize);
    assertSame(first, afterRestart);
    assertEquals(1, UserAgentClassifier.holders(cacheSize));
    UserAgentClassifier.dropParked(); // nothing parked now: the holder keeps it
    assertSame(afterRestart, UserAgentClassifier.acquire(cacheSize));
    UserAgentClassifier.park(afterRestart);
    UserAgentClassifier.park(afterRestart);

    UserAgentClassifier.dropParked();
    UserAgentClassifier.dropParked();
    UserAgentClassifier next = UserAgentClassifier.acquire(cacheSize);
    assertNotSame(first, next);
    UserAgentClassifier.release(next);
    UserAgentClassifier afterRelease = UserAgentClassifier.acquire(cacheSize);
    assertNotSame(next, afterRelease, "a plain release parks nothing");
    UserAgentClassifier.release(afterRelease);
  }

  @ParameterizedTest(name = "{2} on {4}: {5}")
  @CsvFileSource(resources = TABLE, delimiter = '|', maxCharsPerColumn = 1024)
  void classifiesRealUserAgents(
      String botReason,
      String deviceClass,
      String browser,
      String version,
      String os,
      String userAgent) {
    UserAgentInfo info = classifier.classify(userAgent);

    assertAll(
        () -> assertEquals(deviceClass, info.deviceClass(), "device class"),
        () -> assertEquals(browser, info.browser(), "browser"),
        () -> assertEquals(version == null ? "" : version, info.browserVersion(), "version"),
        () -> assertEquals(os, info.os(), "os"));
  }

  @Test
  void tableIsLargeAndCoversEveryReason() throws IOException {
    String table;
    try (InputStream in = UserAgentClassifierTest.class.getResourceAsStream(TABLE)) {
      table = new String(Objects.requireNonNull(in).readAllBytes(), StandardCharsets.UTF_8);
    }
    long rows = table.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
    assertTrue(rows >= 45, "at least 45 real user agents, found " + rows);
    for (BotReason reason : BotReason.values()) {
      if (reason == BotReason.HEAD_REQUEST
          || reason == BotReason.EMPTY_USER_AGENT
          || reason.fromBehaviour()) {
        continue; // Depend on the method, an absent user agent or behaviour: tested elsewhere.
      }
      String code = reason == BotReason.NONE ? "human" : reason.code();
      assertTrue(table.contains("\n" + code + "|"), "no row for " + code);
    }
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t"})
  void blankUserAgentIsUnknown(String userAgent) {
    assertEquals(
        new UserAgentInfo("unknown", "", "unknown", "unknown", "unknown"),
        classifier.classify(userAgent));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "-",
        "Mozilla/5.0",
        "x",
        "'; DROP TABLE clicks; --",
        "\u00ff\u00fe\u0000\u0001 binary junk",
      })
  void oddUserAgentsNeverFailAndUseTheKnownVocabulary(String userAgent) {
    UserAgentInfo info = classifier.classify(userAgent);
    assertTrue(
        java.util.Set.of(
                "desktop",
                "phone",
                "tablet",
                "tv",
                "console",
                "wearable",
                "bot",
                "other",
                "unknown")
            .contains(info.deviceClass()),
        info::toString);
    assertTrue(!info.browser().isEmpty() && !info.browser().startsWith("??"), info::toString);
    assertTrue(!info.os().isEmpty() && !info.os().startsWith("??"), info::toString);
  }

  @Test
  void repeatedLookupsAgree() {
    String ua =
        "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/124.0.6367.82 Mobile Safari/537.36";
    UserAgentInfo first = classifier.classify(ua);
    assertEquals(first, classifier.classify(ua));
    assertEquals(first, classifier.classify(new String(ua.toCharArray())));
    assertEquals("Browser", first.agentClass());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Desktop|desktop
          Anonymized|desktop
          Phone|phone
          Mobile|phone
          Tablet|tablet
          eReader|tablet
          TV|tv
          Set-top box|tv
          Game Console|console
          Handheld Game Console|console
          Watch|wearable
          Augmented Reality|wearable
          Virtual Reality|wearable
          Robot|bot
          Robot Mobile|bot
          Robot Imitator|bot
          Spy|bot
          Hacker|bot
          Unknown|unknown
          ??|unknown
          Cloud|other
          Voice|other
          Car|other
          Some Future Class|other
          """)
  void foldsYauaaDeviceClasses(String yauaa, String expected) {
    assertEquals(expected, UserAgentClassifier.deviceClass(yauaa));
  }

  @Test
  void agentClassIsExposedForBotRules() {
    assertEquals(
        "Robot",
        classifier
            .classify("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)")
            .agentClass());
    assertEquals(
        "Browser Webview",
        classifier
            .classify(
                "Mozilla/5.0 (Linux; Android 14; Pixel 7 Build/AP1A.240405.002; wv)"
                    + " AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.54"
                    + " Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/459.0.0.50.109;]")
            .agentClass());
  }
}
