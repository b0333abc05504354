package io.clickpulse.udf.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkUrlsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          https://shop.acme.com/boots                        | https://shop.acme.com/boots
          HTTPS://Shop.ACME.com/boots/                       | https://shop.acme.com/boots
          https://shop.acme.com:443/boots#reviews            | https://shop.acme.com/boots
          http://shop.acme.com:80/                           | http://shop.acme.com
          http://shop.acme.com:8080/Boots                    | http://shop.acme.com:8080/Boots
          https://shop.acme.com/b?size=42&color=red          | https://shop.acme.com/b?color=red&size=42
          https://shop.acme.com/b?&size=42&                  | https://shop.acme.com/b?size=42
          https://shop.acme.com./b                           | https://shop.acme.com/b
          https://my_links.acme.com/b                        | https://my_links.acme.com/b
          not a url                                          | not a url
          """)
  void normalizesDestinationsThatLeadToOnePage(String url, String expected) {
    assertEquals(expected, LinkUrls.normalize(url));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @CsvSource({
    "bit.ly, bit.ly, true",
    "www.bit.ly, bit.ly, true",
    "notbit.ly, bit.ly, false",
    "bit.ly.evil.com, bit.ly, false"
  })
  void onDomainMeansTheDomainOrASubdomain(String host, String domain, boolean expected) {
    assertEquals(expected, LinkUrls.onDomain(host, domain));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      nullValues = "-",
      value = {
        "https://Go.Acme.com/x, go.acme.com",
        "https://user@go.acme.com:8443/x, go.acme.com",
        "mailto:maria@acme.com, -",
        "go.acme.com/x, -",
        "javascript:alert(1), -"
      })
  void hostOfHttpUrlsOnly(String url, String host) {
    assertEquals(host, LinkUrls.host(url));
  }
}
