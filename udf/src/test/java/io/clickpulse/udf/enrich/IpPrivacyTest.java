package io.clickpulse.udf.enrich;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpPrivacyTest {
  private static final String SECRET = "s3cr3t-for-unit-tests-only-0123456789";
  private static final String OTHER_SECRET = "another-secret-for-unit-tests-987654";
  private static final String UA =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15"
          + " (KHTML, like Gecko) Version/17.4.1 Mobile/15E148 Safari/604.1";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "203.0.113.7,                             203.0.113.0/24",
    "203.0.113.255,                           203.0.113.0/24",
    "10.1.2.3,                                10.1.2.0/24",
    "0.0.0.0,                                 0.0.0.0/24",
    "255.255.255.255,                         255.255.255.0/24",
    "2001:db8:85a3:8d3:1319:8a2e:370:7348,    2001:db8:85a3::/48",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334, 2001:db8:85a3::/48",
    "2001:DB8:85A3::8A2E:370:7334,            2001:db8:85a3::/48",
    "2001:db8::1,                             2001:db8::/48",
    "2001:db8:0:1::1,                         2001:db8::/48",
    "2a03:2880:f12f:83:face:b00c:0:25de,      2a03:2880:f12f::/48",
    "1:2:3:4:5:6:7:8,                         1:2:3::/48",
    "fe80::1,                                 fe80::/48",
    "::1,                                     ::/48",
    "0:0:0:0:0:0:0:1,                         ::/48",
    "::,                                      ::/48",
    "::ffff:203.0.113.7,                      203.0.113.0/24",
    "::ffff:cb00:7107,                        203.0.113.0/24",
  })
  void networkTruncatesToSlash24OrSlash48(String ip, String expected) {
    assertEquals(expected, IpPrivacy.network(ip));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"example.com", "localhost", "not-an-ip", "203.0.113.x"})
  void networkRejectsNonLiterals(String ip) {
    assertThrows(IllegalArgumentException.class, () -> IpPrivacy.network(ip));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0:0:0:0:0:0:0:1,         ::1",
    "0:0:0:0:0:0:0:0,         ::",
    "1:0:0:0:0:0:0:0,         1::",
    "2001:db8:0:0:1:0:0:1,    2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1,      2001:0:0:1::1",
    "2001:db8:0:1:1:1:1:1,    2001:db8:0:1:1:1:1:1",
    "2001:db8:85a3:0:0:0:0:0, 2001:db8:85a3::",
  })
  void compressesTheLongestZeroRunAsRfc5952Asks(String full, String compressed) {
    assertEquals(compressed, IpPrivacy.compressIpv6(full));
  }

  @Test
  void hashesAreStableForOneSecret() {
    IpPrivacy a = new IpPrivacy(SECRET);
    IpPrivacy b = new IpPrivacy(SECRET);

    assertEquals(a.ipHash("203.0.113.7"), b.ipHash("203.0.113.7"));
    assertEquals(a.visitorId("203.0.113.7", UA), b.visitorId("203.0.113.7", UA));
    // Repeated use of one instance (it reuses its MAC) gives the same value.
    assertEquals(a.visitorId("203.0.113.7", UA), a.visitorId("203.0.113.7", UA));
  }

  @Test
  void hashesDifferAcrossSecrets() {
    IpPrivacy a = new IpPrivacy(SECRET);
    IpPrivacy b = new IpPrivacy(OTHER_SECRET);

    assertNotEquals(a.ipHash("203.0.113.7"), b.ipHash("203.0.113.7"));
    assertNotEquals(a.visitorId("203.0.113.7", UA), b.visitorId("203.0.113.7", UA));
  }

  @Test
  void hashesAreTheKeyedHmacSha256OfTheNormalizedAddress() throws Exception {
    // Stored visitor ids must not change between releases or between the DataStream job and SQL.
    IpPrivacy privacy = new IpPrivacy(SECRET);
    assertEquals(hmac64(SECRET, "203.0.113.7"), privacy.ipHash("203.0.113.7"));
    assertEquals(hmac64(SECRET, "2001:db8::1"), privacy.ipHash("2001:0DB8:0:0:0:0:0:1"));
    assertEquals(hmac64(SECRET, "203.0.113.7\n" + UA), privacy.visitorId("203.0.113.7", UA));
  }

  @ParameterizedTest(name = "{0} = {1}")
  @CsvSource({
    "::1,                                     0:0:0:0:0:0:0:1",
    "::1,                                     0000:0000:0000:0000:0000:0000:0000:0001",
    "2001:db8::1,                             2001:0DB8:0:0:0:0:0:1",
    "2001:db8:85a3::8a2e:370:7334,            2001:0db8:85a3:0000:0000:8a2e:0370:7334",
    "203.0.113.7,                             ::ffff:203.0.113.7",
  })
  void oneAddressSpelledTwoWaysHashesTheSame(String a, String b) {
    IpPrivacy privacy = new IpPrivacy(SECRET);
    assertEquals(privacy.ipHash(a), privacy.ipHash(b));
    assertEquals(privacy.visitorId(a, UA), privacy.visitorId(b, UA));
  }

  @Test
  void differentInputsHashDifferently() {
    IpPrivacy privacy = new IpPrivacy(SECRET);

    assertNotEquals(privacy.ipHash("203.0.113.7"), privacy.ipHash("203.0.113.8"));
    assertNotEquals(privacy.ipHash("::1"), privacy.ipHash("::2"));
    assertNotEquals(privacy.visitorId("203.0.113.7", UA), privacy.visitorId("203.0.113.8", UA));
    assertNotEquals(
        privacy.visitorId("203.0.113.7", UA), privacy.visitorId("203.0.113.7", UA + " "));
    assertNotEquals(privacy.ipHash("203.0.113.7"), privacy.visitorId("203.0.113.7", UA));
    // No user agent counts as the empty user agent.
    assertEquals(privacy.visitorId("203.0.113.7", null), privacy.visitorId("203.0.113.7", ""));
  }

  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(strings = {"short", "fifteen-chars!!"})
  void shortSecretIsRejectedWithAClearMessage(String secret) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new IpPrivacy(secret));
    assertTrue(e.getMessage().contains("at least 16 characters"), e.getMessage());
    assertTrue(e.getMessage().contains("secret"), e.getMessage());
  }

  @Test
  void secretOfExactlyTheMinimumLengthIsAccepted() {
    assertEquals(16, "sixteen-chars!!!".length());
    IpPrivacy privacy = new IpPrivacy("sixteen-chars!!!");
    assertEquals(hmac64("sixteen-chars!!!", "10.0.0.1"), privacy.ipHash("10.0.0.1"));
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(strings = {"example.com", "localhost", "", "not an ip"})
  void hashingANonLiteralFails(String ip) {
    IpPrivacy privacy = new IpPrivacy(SECRET);
    assertThrows(IllegalArgumentException.class, () -> privacy.ipHash(ip));
    assertThrows(IllegalArgumentException.class, () -> privacy.visitorId(ip, UA));
  }

  private static long hmac64(String secret, String value) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return ByteBuffer.wrap(mac.doFinal(value.getBytes(StandardCharsets.UTF_8))).getLong();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
