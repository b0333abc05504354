package io.clickpulse.udf.event;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A strict IP literal parser that never touches DNS. {@link InetAddress#getByName} would look up
 * whatever it does not take for a literal (a DNS query per bad record, for a name the sender chose)
 * and accepts legacy IPv4 forms ("1.2.3", "3232235777", "01.02.03.04") that other tools read
 * differently or not at all.
 */
public final class IpAddresses {
  private IpAddresses() {}

  /**
   * Parses an IPv4 dotted quad (decimal 0-255, no leading zeros) or an IPv6 text form of RFC 4291
   * section 2.2 (1-4 hex digits per group, at most one "::", optionally a dotted quad as the last
   * 32 bits; no zone id, no brackets). An IPv4-mapped IPv6 address gives an {@code Inet4Address}.
   *
   * @throws IllegalArgumentException if {@code value} is anything else
   */
  public static InetAddress parseLiteral(String value) {
    byte[] bytes = value == null ? null : value.indexOf(':') >= 0 ? ipv6(value) : ipv4(value);
    if (bytes == null) {
      throw new IllegalArgumentException("not an IP literal: " + value);
    }
    try {
      return InetAddress.getByAddress(bytes);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("4 or 16 bytes are always an address", e);
    }
  }

  /** Whether {@link #parseLiteral} accepts {@code value}. */
  static boolean isLiteral(String value) {
    try {
      parseLiteral(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static byte[] ipv4(String value) {
    String[] parts = value.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int octet = number(parts[i], 10, 3);
      if (octet < 0 || octet > 255 || (parts[i].length() > 1 && parts[i].charAt(0) == '0')) {
        return null;
      }
      bytes[i] = (byte) octet;
    }
    return bytes;
  }

  private static byte[] ipv6(String value) {
    String text = value;
    int lastColon = text.lastIndexOf(':');
    if (text.indexOf('.', lastColon) >= 0) {
      // A trailing dotted quad is the last two groups, spelled in decimal.
      byte[] v4 = ipv4(text.substring(lastColon + 1));
      if (v4 == null) {
        return null;
      }
      text =
          text.substring(0, lastColon + 1)
              + Integer.toHexString((v4[0] & 0xff) << 8 | (v4[1] & 0xff))
              + ':'
              + Integer.toHexString((v4[2] & 0xff) << 8 | (v4[3] & 0xff));
    }
    int gap = text.indexOf("::");
    if (gap >= 0 && text.indexOf("::", gap + 1) >= 0) {
      return null;
    }
    int[] head = groups(gap < 0 ? text : text.substring(0, gap));
    int[] tail = gap < 0 ? new int[0] : groups(text.substring(gap + 2));
    // Without "::" all 8 groups are spelled out; "::" stands for at least one zero group.
    if (head == null
        || tail == null
        || (gap < 0 ? head.length != 8 : head.length + tail.length > 7)) {
      return null;
    }
    byte[] bytes = new byte[16];
    put(bytes, 0, head);
    put(bytes, 16 - 2 * tail.length, tail);
    return bytes;
  }

  /** The hex groups of a ':'-separated run ("" has none), or null if one is not 1-4 hex digits. */
  private static int[] groups(String run) {
    if (run.isEmpty()) {
      return new int[0];
    }
    String[] parts = run.split(":", -1);
    int[] groups = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      groups[i] = number(parts[i], 16, 4);
      if (groups[i] < 0) {
        return null;
      }
    }
    return groups;
  }

  private static void put(byte[] bytes, int offset, int[] groups) {
    for (int group : groups) {
      bytes[offset++] = (byte) (group >> 8);
      bytes[offset++] = (byte) group;
    }
  }

  /**
   * The value of 1 to {@code maxLength} ASCII digits in {@code radix}, or -1. ASCII only: {@link
   * Character#digit} alone would also accept other scripts' digits.
   */
  private static int number(String digits, int radix, int maxLength) {
    if (digits.isEmpty() || digits.length() > maxLength) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      int digit = c < 0x80 ? Character.digit(c, radix) : -1;
      if (digit < 0) {
        return -1;
      }
      value = value * radix + digit;
    }
    return value;
  }
}
