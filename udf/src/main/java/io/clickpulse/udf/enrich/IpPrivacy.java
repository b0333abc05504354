package io.clickpulse.udf.enrich;

import io.clickpulse.udf.event.IpAddresses;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces a client IP with what analytics needs and nothing more: a keyed hash (stable per secret,
 * so unique visitors can be counted, but not reversible without the secret) and the truncated
 * network (/24 for IPv4, /48 for IPv6) for coarse geography and abuse analysis.
 *
 * <p>Not thread-safe (it reuses a {@link Mac}); use one per task.
 */
public final class IpPrivacy {
  public static final int MIN_SECRET_LENGTH = 16;

  private final Mac mac;

  public IpPrivacy(String secret) {
    if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
      throw new IllegalArgumentException(
          "The visitor hash secret must have at least " + MIN_SECRET_LENGTH + " characters");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Keyed hash of the IP alone. */
  public long ipHash(String ip) {
    return hash(normalize(ip));
  }

  /** Keyed hash of IP and user agent: the visitor (and client fingerprint) key. */
  public long visitorId(String ip, String userAgent) {
    return hash(normalize(ip) + "\n" + (userAgent == null ? "" : userAgent));
  }

  /** The network the IP belongs to, as CIDR: "203.0.113.0/24" or "2001:db8:85a3::/48". */
  public static String network(String ip) {
    byte[] bytes = IpAddresses.parseLiteral(ip).getAddress();
    int prefix = bytes.length == 4 ? 24 : 48;
    for (int i = prefix / 8; i < bytes.length; i++) {
      bytes[i] = 0;
    }
    try {
      String address = InetAddress.getByAddress(bytes).getHostAddress();
      return (bytes.length == 16 ? compressIpv6(address) : address) + "/" + prefix;
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One spelling per address, so "::1" and "0:0:0:0:0:0:0:1" hash the same. */
  private static String normalize(String ip) {
    InetAddress address = IpAddresses.parseLiteral(ip);
    return address instanceof Inet4Address
        ? address.getHostAddress()
        : compressIpv6(address.getHostAddress());
  }

  /** Java prints IPv6 uncompressed; compress the longest zero run as RFC 5952 asks. */
  static String compressIpv6(String full) {
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLength = 0;
    for (int i = 0; i < groups.length; ) {
      if (groups[i].equals("0")) {
        int j = i;
        while (j < groups.length && groups[j].equals("0")) {
          j++;
        }
        if (j - i > bestLength && j - i > 1) {
          bestStart = i;
          bestLength = j - i;
        }
        i = j;
      } else {
        i++;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
    String tail =
        String.join(
            ":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, groups.length));
    return head + "::" + tail;
  }

  private long hash(String value) {
    byte[] digest = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    long result = 0;
    for (int i = 0; i < 8; i++) {
      result = (result << 8) | (digest[i] & 0xff);
    }
    return result;
  }
}
