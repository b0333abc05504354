package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BotClassifierTest {
  private static final String CHROME =
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36";

  private static UserAgentClassifier userAgents;
  private final BotClassifier bots = new BotClassifier();

  @BeforeAll
  static void buildClassifier() {
    userAgents = new UserAgentClassifier();
  }

  private String reason(String userAgent, String method) {
    return bots.classify(userAgent, method, userAgents.classify(userAgent)).code();
  }

  private static String code(String tableValue) {
    return tableValue.equals("human") ? "" : tableValue;
  }

  @ParameterizedTest(name = "{0}: {5}")
  @CsvFileSource(
      resources = UserAgentClassifierTest.TABLE,
      delimiter = '|',
      maxCharsPerColumn = 1024)
  void classifiesRealUserAgents(
      String botReason,
      String deviceClass,
      String browser,
      String version,
      String os,
      String userAgent) {
    assertEquals(code(botReason), reason(userAgent, "GET"));
  }

  @ParameterizedTest(name = "{0}: {5}")
  @CsvFileSource(
      resources = UserAgentClassifierTest.TABLE,
      delimiter = '|',
      maxCharsPerColumn = 1024)
  void headRequestFlagsOnlyOtherwiseHumanClients(
      String botReason,
      String deviceClass,
      String browser,
      String version,
      String os,
      String userAgent) {
    String expected = botReason.equals("human") ? "head_request" : botReason;
    assertEquals(expected, reason(userAgent, "HEAD"));
  }

  @ParameterizedTest(name = "{0} {1} -> [{2}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          HEAD|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|head_request
          head|Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1|head_request
          Head|Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0|head_request
          GET|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|''
          POST|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|''
          OPTIONS|Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36|''
          HEAD|Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|crawler
          HEAD|curl/8.5.0|automation_tool
          HEAD|Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)|link_preview
          """)
  void headRequests(String method, String userAgent, String expected) {
    assertEquals(expected, reason(userAgent, method));
  }

  @Test
  void missingMethodIsNotHead() {
    assertEquals("", reason(CHROME, null));
    assertEquals("", reason(CHROME, ""));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {" ", "\t", "  \n"})
  void noUserAgentIsFlaggedWhateverTheMethod(String userAgent) {
    assertEquals("empty_user_agent", reason(userAgent, "GET"));
    assertEquals("empty_user_agent", reason(userAgent, "HEAD"));
    assertEquals("empty_user_agent", bots.classify(userAgent, "GET", null).code());
  }

  /**
   * Rules are checked in order: the specific reason wins over the generic one. Generic crawler
   * words count as whole words or ending a product name ("Googlebot/2.1"), vendor names anywhere.
   */
  @ParameterizedTest(name = "[{1}]: {0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)|link_preview
          LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)|link_preview
          Mozilla/5.0 (Windows NT 6.1; WOW64) SkypeUriPreview Preview/0.5 skype-url-preview@microsoft.com|link_preview
          TelegramBot (like TwitterBot)|link_preview
          Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36 Mimecast|email_scanner
          Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 Safari/537.36|headless_browser
          Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Playwright/1.43|headless_browser
          python-requests/2.31.0 (bot)|automation_tool
          CURL/8.5.0|automation_tool
          Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)|crawler
          Mozilla/5.0 (compatible; archive.org_bot +http://archive.org/details/archive.org_bot)|crawler
          Mozilla/5.0 (compatible; Qualys Vulnerability Scan)|crawler
          Site24x7 Monitor|crawler
          Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)|crawler
          Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)|crawler
          Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)|crawler
          CCBot/2.0 (https://commoncrawl.org/faq/)|crawler
          Mozilla/5.0 (compatible; Amazonbot/0.1; +https://developer.amazon.com/support/amazonbot)|crawler
          Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)|crawler
          ia_archiver (+http://www.alexa.com/site/help/webmasters; crawler@alexa.com)|crawler
          Screaming Frog SEO Spider/19.0|crawler
          Mozilla/5.0 (compatible; Google-InspectionTool/1.0;)|crawler
          Mozilla/5.0 (compatible; Google-Structured-Data-Testing-Tool +https://search.google.com/structured-data/testing-tool)|crawler
          Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd-BwlDkEHbUWcz6Bdp3r4qMq2aY6n4)|automation_tool
          Mozilla/5.0 (compatible; GoogleDocs; apps-spreadsheets; +http://docs.google.com)|automation_tool
          http.rb/5.1.1 (Mastodon/4.2.8; +https://mastodon.social/)|link_preview
          Misskey/2024.5.0 (https://misskey.io)|link_preview
          Pleroma 2.6.2; https://pleroma.example.org <admin@example.org>|link_preview
          Akkoma 3.13.2; https://akkoma.example.org <admin@example.org>|link_preview
          Mozilla/5.0 (Linux; Android 11; CUBOT_X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36|''
          Mozilla/5.0 (Linux; Android 10; CUBOT KINGKONG 5 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36|''
          Mozilla/5.0 (Linux; Android 13; CUBOT NOTE 30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36|''
          """)
  void tokenRulesWithoutUserAgentInfo(String userAgent, String expected) {
    assertEquals(expected, bots.classify(userAgent, "GET", null).code());
  }

  @ParameterizedTest(name = "agent class {0}, device class {1} -> [{2}]")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Robot|desktop|crawler
          Robot Mobile|phone|crawler
          Robot Imitator|desktop|crawler
          Spy|desktop|crawler
          Hacker|desktop|crawler
          Cloud Application|desktop|automation_tool
          Testclient|desktop|automation_tool
          Testclient|bot|automation_tool
          Browser|bot|crawler
          unknown|bot|crawler
          Special|desktop|''
          Special|phone|''
          Special|tv|''
          Browser|desktop|''
          Browser Webview|phone|''
          Mobile App|phone|''
          Email Client|desktop|''
          Server|other|''
          unknown|unknown|''
          """)
  void yauaaClassesCatchWhatTheTokensMiss(String agentClass, String deviceClass, String expected) {
    UserAgentInfo info = new UserAgentInfo("SomeAgent", "1", "Linux", deviceClass, agentClass);
    assertEquals(expected, bots.classify("SomeAgent/1.0 (Linux)", "GET", info).code());
    // The HEAD rule only applies when neither class flagged the client.
    assertEquals(
        expected.isEmpty() ? "head_request" : expected,
        bots.classify("SomeAgent/1.0 (Linux)", "HEAD", info).code());
  }

  @Test
  void isSerializableSoFlinkFunctionsCanHoldOne() throws Exception {
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(bots);
    }
  }

  @ParameterizedTest(name = "{0} -> [{1}]")
  @CsvSource({
    "NONE,             ''",
    "LINK_PREVIEW,     link_preview",
    "EMAIL_SCANNER,    email_scanner",
    "HEADLESS_BROWSER, headless_browser",
    "AUTOMATION_TOOL,  automation_tool",
    "CRAWLER,          crawler",
    "HEAD_REQUEST,     head_request",
    "EMPTY_USER_AGENT, empty_user_agent",
  })
  void reasonCodesAreStable(BotReason reason, String code) {
    assertEquals(code, reason.code());
  }
}
