package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which addresses a notification may reach, by literal and by name. */
class OutboundPolicyTest {
  private final OutboundPolicy policy = new OutboundPolicy(Set.of("receiver.local"));

  @ParameterizedTest(name = "{0} internal={1}")
  @CsvSource({
    // IPv4 special-purpose (RFC 6890) and their edges
    "0.0.0.0, true",
    "10.255.255.255, true",
    "100.64.0.1, true",
    "100.127.255.255, true",
    "100.128.0.1, false",
    "127.0.0.1, true",
    "127.255.0.9, true",
    "169.254.169.254, true",
    "172.16.0.1, true",
    "172.31.255.255, true",
    "172.32.0.1, false",
    "192.0.0.8, true",
    "192.0.2.10, true",
    "192.88.99.1, true",
    "192.168.1.1, true",
    "198.18.0.1, true",
    "198.19.255.255, true",
    "198.20.0.1, false",
    "198.51.100.7, true",
    "203.0.113.9, true",
    "224.0.0.251, true",
    "240.0.0.1, true",
    "255.255.255.255, true",
    "8.8.8.8, false",
    "93.184.216.34, false",
    // IPv6, including the ranges that embed an IPv4 address
    "::, true",
    "::1, true",
    "::127.0.0.1, true",
    "::ffff:127.0.0.1, true",
    "::ffff:10.0.0.1, true",
    "64:ff9b::a00:1, true",
    "64:ff9b::808:808, true",
    "64:ff9b:1::1, true",
    "100::1, true",
    "2001::1, true",
    "2001:2::1, true",
    "2001:db8::1, true",
    "2002:7f00:1::, true",
    "2002:808:808::1, true",
    "fc00::1, true",
    "fd12:3456::1, true",
    "fe80::1, true",
    "fec0::1, true",
    "ff02::1, true",
    "2606:4700:4700::1111, false",
    "2a00:1450:4001:80b::200e, false",
  })
  void blocksEverySpecialPurposeRange(String literal, boolean internal) throws Exception {
    assertEquals(internal, OutboundPolicy.internal(InetAddress.getByName(literal)), literal);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://localhost/hook",
    "https://LOCALHOST/hook",
    "https://2130706433/hook", // 127.0.0.1 as one number
    "https://[::ffff:7f00:1]/hook",
    "https://[64:ff9b::7f00:1]/hook", // NAT64 of 127.0.0.1
    "https://[2002:a9fe:a9fe::]/hook", // 6to4 of 169.254.169.254
    "https://198.18.0.1/hook",
  })
  void namesAndEncodingsThatLeadInsideAreRefused(String url) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> policy.check(url));
    assertTrue(e.getMessage().contains("resolves to an internal address"), e.getMessage());
    assertTrue(!e.getMessage().contains("/hook"), "the URL is not repeated: " + e.getMessage());
  }

  @Test
  void everyAddressOfANameIsChecked() throws Exception {
    // localhost resolves to loopback only; each of its addresses alone is refused.
    List<InetAddress> addresses = List.of(InetAddress.getAllByName("localhost"));
    assertTrue(!addresses.isEmpty());
    addresses.forEach(a -> assertTrue(OutboundPolicy.internal(a), a.toString()));
  }

  @Test
  void anAllowedHostIsNotResolved() {
    // receiver.local does not resolve here: allowed by name, it is trusted without a lookup.
    assertEquals("receiver.local", policy.check("http://receiver.local:8080/x").getHost());
  }
}
