package io.clickpulse.reliability;

import io.clickpulse.udf.event.IpAddresses;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What must never be stored, published or logged: every client IP address the scenarios sent and
 * every secret they configured. Scenarios register them as they go; the privacy scenario looks for
 * them everywhere at the end.
 */
final class Leaks {
  /** IPv4 literals, and IPv6 literals of the documentation range the scenarios send. */
  static final Pattern IP_LIKE =
      Pattern.compile(
          "(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?!\\d|\\.\\d)|(?i)2001:db8:[0-9a-f:]*[0-9a-f]");

  private static final Pattern IP_FIELD = Pattern.compile("\"ip\"\\s*:\\s*\"([^\"\\\\]*)\"");
  private static final Set<String> IPS = ConcurrentHashMap.newKeySet();
  private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();

  private Leaks() {}

  static void ip(String ip) {
    IPS.add(canonical(ip));
  }

  /**
   * The client addresses in a payload that is not a valid event (malformed, hostile): the values of
   * its {@code "ip"} fields, or, in a payload that is not JSON at all, every IP-looking token. (Not
   * every token of a JSON payload, truncated ones included: "Chrome/130.0.0.0" is no address.)
   */
  static void ipsIn(String payload) {
    Matcher field = IP_FIELD.matcher(payload);
    boolean found = false;
    while (field.find()) {
      ip(field.group(1));
      found = true;
    }
    if (!found && !payload.stripLeading().startsWith("{")) {
      Matcher token = IP_LIKE.matcher(payload);
      while (token.find()) {
        ip(token.group());
      }
    }
  }

  static void secret(String secret) {
    SECRETS.add(secret);
  }

  static int ips() {
    return IPS.size();
  }

  static Set<String> secrets() {
    return Set.copyOf(SECRETS);
  }

  /**
   * One spelling per address ("2001:db8:0::1" and "2001:db8::1" are one), so that either is found.
   */
  private static String canonical(String ip) {
    try {
      return IpAddresses.parseLiteral(ip).getHostAddress();
    } catch (IllegalArgumentException notAnAddress) {
      return ip.toLowerCase(Locale.ROOT);
    }
  }

  /** The sent IP addresses and secrets found in {@code text}. */
  static List<String> in(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = IP_LIKE.matcher(text);
    while (m.find()) {
      if (IPS.contains(canonical(m.group()))) {
        found.add("ip " + m.group());
      }
    }
    for (String secret : SECRETS) {
      if (text.contains(secret)) {
        found.add("secret " + secret.substring(0, 4) + "...");
      }
    }
    return found;
  }
}
