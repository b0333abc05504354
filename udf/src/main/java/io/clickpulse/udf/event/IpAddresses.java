package io.clickpulse.udf.event;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP literal checks that never touch DNS. */
public final class IpAddresses {
  private IpAddresses() {}

  /** Parses an IPv4 or IPv6 literal; a string with ':' is never looked up as a host name. */
  public static InetAddress parseLiteral(String value) {
    boolean literal =
        value.contains(":") || value.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    if (!literal || value.isEmpty()) {
      throw new IllegalArgumentException("not an IP literal: " + value);
    }
    try {
      return InetAddress.getByName(value);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP literal: " + value, e);
    }
  }

  static boolean isIpv6Literal(String value) {
    try {
      parseLiteral(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
