package io.clickpulse.udf.event;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PayloadPreviewTest {

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      textBlock =
          """
          # Inside a JSON record, as the dead-letter topic sees it.
          {"ip":"203.0.113.7","ua":"curl/8.5.0"}|{"ip":"[ip]","ua":"curl/8.5.0"}
          {"ip":"2001:db8:85a3:8d3:1319:8a2e:370:7348"}|{"ip":"[ip]"}
          {"ip":"2001:0db8:85a3:0000:0000:8a2e:0370:7334"}|{"ip":"[ip]"}
          {"ip":"2001:db8::1"}|{"ip":"[ip]"}
          {"ip":"::1"}|{"ip":"[ip]"}
          {"ip":"::"}|{"ip":"[ip]"}
          {"ip":"::ffff:192.0.2.128"}|{"ip":"[ip]"}
          {"ip":"64:ff9b::192.0.2.33"}|{"ip":"[ip]"}
          {"ip":"FE80::1%eth0"}|{"ip":"[ip]%eth0"}
          {"a":"10.0.0.1","b":"10.0.0.2"}|{"a":"[ip]","b":"[ip]"}
          # Free text, as in rejection details.
          ip 999.1.1.1 is not an IPv4 or IPv6 address|ip [ip] is not an IPv4 or IPv6 address
          'client 203.0.113.7, proxy 198.51.100.23.'|'client [ip], proxy [ip].'
          from 2001:db8::1.|from [ip].
          from [2001:db8::1]:443|from [[ip]]:443
          forwarded=2001:db8::7;by=::1|forwarded=[ip];by=[ip]
          # Not addresses: they stay.
          at 12:30:45 and 12:30|at 12:30:45 and 12:30
          2025-10-09T08:53:20.123Z|2025-10-09T08:53:20.123Z
          version 1.2.3 and 10.0.19045.3803|version 1.2.3 and 10.0.19045.3803
          Chrome/124.0.6367.91 Safari/537.36|Chrome/124.0.6367.91 Safari/537.36
          mac 00:1a:2b:3c:4d:5e|mac 00:1a:2b:3c:4d:5e
          sha 3f786850e387550fdab836ed7e6dc881de23001b|sha 3f786850e387550fdab836ed7e6dc881de23001b
          ratio 1:2:3|ratio 1:2:3
          std::cout << Foo::bar|std::cout << Foo::bar
          1:2:3:4:5:6:7:8:9|1:2:3:4:5:6:7:8:9
          """)
  void redactsAddressesOnly(String text, String expected) {
    assertEquals(expected, PayloadPreview.redactIps(text));
    assertEquals(
        new PayloadPreview(expected, false),
        PayloadPreview.of(text.getBytes(StandardCharsets.UTF_8), 1024));
  }

  static Stream<Arguments> previews() {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    return Stream.of(
        Arguments.of(bytes("{\"a\":1}"), 100, "{\"a\":1}", false),
        Arguments.of(bytes("{\"a\":1}"), 7, "{\"a\":1}", false),
        // A cut drops the unfinished token at the end: it could be part of an address.
        Arguments.of(bytes("{\"a\":1}"), 6, "{\"a\"", true),
        Arguments.of(bytes("{\"a\":1}"), 0, "", true),
        Arguments.of(null, 10, "", false),
        Arguments.of(new byte[0], 10, "", false),
        // A multi-byte character cut at the limit is replaced, not half-decoded.
        Arguments.of(bytes("ab€"), 3, "ab\uFFFD", true),
        Arguments.of(bytes("ab€"), 5, "ab€", false),
        // Invalid UTF-8: a lone continuation byte, an overlong '/', a truncated sequence.
        Arguments.of(new byte[] {'a', (byte) 0x80, 'b'}, 10, "a\uFFFDb", false),
        Arguments.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, 10, "\uFFFD\uFFFD", false),
        Arguments.of(new byte[] {euro[0], euro[1], 'x'}, 10, "\uFFFDx", false),
        // Redaction applies to what is kept; the cut-off part is never shown.
        Arguments.of(bytes("ip=203.0.113.7 ip=198.51.100.23"), 15, "ip=[ip] ", true),
        Arguments.of(bytes("ip=203.0.113.7 ip=198.51.100.23"), 24, "ip=[ip] ip=", true),
        Arguments.of(bytes("{\"ip\":\"2001:db8:85a3::8a2e\"}"), 17, "{\"ip\":\"", true));
  }

  @ParameterizedTest(name = "{1} bytes -> [{2}], truncated={3}")
  @MethodSource("previews")
  void keepsAtMostMaxBytesOfValidText(
      byte[] payload, int maxBytes, String text, boolean truncated) {
    assertEquals(new PayloadPreview(text, truncated), PayloadPreview.of(payload, maxBytes));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
