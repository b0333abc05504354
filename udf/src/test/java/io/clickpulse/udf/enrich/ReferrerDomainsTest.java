package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class ReferrerDomainsTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      ignoreLeadingAndTrailingWhitespace = false,
      textBlock =
          """
          https://www.google.com/|google.com
          https://www.google.co.uk/url?sa=t&rct=j&q=&esrc=s|google.co.uk
          https://mail.google.com/mail/u/0/|mail.google.com
          android-app://com.google.android.gm/|com.google.android.gm
          android-app://com.google.android.googlequicksearchbox|com.google.android.googlequicksearchbox
          ios-app://com.linkedin.LinkedIn/|com.linkedin.linkedin
          http://t.co/abc|t.co
          https://t.co/Xy12AbCd9z|t.co
          https://l.facebook.com/l.php?u=https%3A%2F%2Fcpl.ink%2Fabc&h=AT0xYz|l.facebook.com
          https://m.facebook.com/|m.facebook.com
          https://www.linkedin.com/feed/|linkedin.com
          HTTPS://WWW.LINKEDIN.COM/|linkedin.com
          https://WWW.Example.COM/Path|example.com
          https://News.YCombinator.com/item?id=1|news.ycombinator.com
          https://news.ycombinator.com./item?id=1|news.ycombinator.com
          https://www.example.com./|example.com
          https://www.example.com/search?q=hello world|example.com
          https://www.bing.com/search?q=a^b{c}|bing.com
          https://duckduckgo.com/?q=a%zz|duckduckgo.com
          https://user:pass@www.reddit.com/r/marketing|reddit.com
          https://example.com:8443/x|example.com
          //static.example.com/x|static.example.com
          http://[2001:db8::1]:8080/x|[2001:db8::1]
          '  https://www.google.com/  '|google.com
          https://my_site.example.com/page|my_site.example.com
          ''|''
          '   '|''
          garbage|''
          not a url at all|''
          www.google.com|''
          about:blank|''
          """)
  void hostOfRealReferrers(String referrer, String expected) {
    assertEquals(expected, ReferrerDomains.of(referrer));
  }

  @ParameterizedTest
  @NullSource
  void noReferrerIsEmpty(String referrer) {
    assertEquals("", ReferrerDomains.of(referrer));
  }
}
