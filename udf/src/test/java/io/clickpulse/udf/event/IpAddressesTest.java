package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  /** Literals and the address they denote, as Java prints it. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "0.0.0.0,                                 0.0.0.0",
    "203.0.113.7,                             203.0.113.7",
    "255.255.255.255,                         255.255.255.255",
    "10.0.0.1,                                10.0.0.1",
    "::,                                      0:0:0:0:0:0:0:0",
    "::1,                                     0:0:0:0:0:0:0:1",
    "1::,                                     1:0:0:0:0:0:0:0",
    "fe80::1,                                 fe80:0:0:0:0:0:0:1",
    "2001:db8::1,                             2001:db8:0:0:0:0:0:1",
    "2001:DB8:85A3::8A2E:370:7334,            2001:db8:85a3:0:0:8a2e:370:7334",
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334, 2001:db8:85a3:0:0:8a2e:370:7334",
    "1:2:3:4:5:6:7:8,                         1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::,                         1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8,                         0:2:3:4:5:6:7:8",
    "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    // IPv4-mapped: Java gives the IPv4 address.
    "::ffff:1.2.3.4,                          1.2.3.4",
    "::FFFF:203.0.113.7,                      203.0.113.7",
    "::ffff:cb00:7107,                        203.0.113.7",
    // Other embedded IPv4 forms keep the IPv6 address.
    "64:ff9b::192.0.2.33,                     64:ff9b:0:0:0:0:c000:221",
    "::1.2.3.4,                               0:0:0:0:0:0:102:304",
    "1:2:3:4:5:6:1.2.3.4,                     1:2:3:4:5:6:102:304",
  })
  void parsesLiterals(String literal, String address) {
    assertEquals(address, IpAddresses.parseLiteral(literal).getHostAddress());
    assertTrue(IpAddresses.isLiteral(literal));
  }

  /**
   * Host names, legacy IPv4 forms InetAddress.getByName accepts (short, single number, octal), and
   * IPv6 text that RFC 4291 does not allow.
   */
  @ParameterizedTest(name = "[{0}]")
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "localhost",
        "example.com",
        "203.0.113.x",
        "999.1.1.1",
        "256.0.0.1",
        "1.2.3",
        "1.2",
        "3232235777",
        "01.02.03.04",
        "010.1.1.1",
        "1.2.3.04",
        "0x7f.0.0.1",
        "1.2.3.4.5",
        "1..2.3",
        "1.2.3.",
        ".1.2.3",
        "+1.2.3.4",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3.4\n",
        "\u0661.\u0662.\u0663.\u0664",
        "203.0.113.7:443",
        "x:1",
        "g::1",
        "2001:db8::g",
        "1::2::3",
        ":::",
        "12345::",
        "fe80::1%eth0",
        "fe80::1%1",
        "[::1]",
        ":1::",
        "::1:",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::ffff:1.2.3",
        "::ffff:999.1.1.1",
        "::ffff:01.2.3.4",
        "1.2.3.4::",
        "::1.2.3.4:5",
        "::\u0661",
      })
  void rejectsEverythingElse(String value) {
    assertThrows(IllegalArgumentException.class, () -> IpAddresses.parseLiteral(value));
    assertFalse(IpAddresses.isLiteral(value));
  }
}
