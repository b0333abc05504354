package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;

/**
 * Where notifications may go: https only (plain http only to hosts allowed by name), and never to
 * loopback, private, link-local or other internal addresses unless the host is explicitly allowed:
 * a webhook URL must not become a way into the internal network. Plain Java.
 */
public final class OutboundPolicy implements Serializable {
  private final Set<String> allowedHosts;

  /**
   * @param allowedHosts hosts allowed over plain http and on internal addresses (local receivers)
   */
  public OutboundPolicy(Set<String> allowedHosts) {
    this.allowedHosts = Set.copyOf(allowedHosts);
  }

  /** Returns the URI, or throws with a reason that does not repeat the (secret) URL. */
  public URI check(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a valid URL");
    }
    String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("the URL has no host");
    }
    boolean allowed = allowedHosts.contains(host);
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !(scheme.equals("http") && allowed)) {
      throw new IllegalArgumentException(
          "only https is allowed (plain http only for hosts in outbound.allowed-hosts), not "
              + scheme);
    }
    if (!allowed) {
      try {
        for (InetAddress address : InetAddress.getAllByName(host)) {
          if (internal(address)) {
            throw new IllegalArgumentException(
                "host "
                    + host
                    + " resolves to an internal address; allow it in outbound.allowed-hosts");
          }
        }
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException("host " + host + " cannot be resolved");
      }
    }
    return uri;
  }

  static boolean internal(InetAddress a) {
    if (a.isLoopbackAddress()
        || a.isAnyLocalAddress()
        || a.isLinkLocalAddress()
        || a.isSiteLocalAddress()
        || a.isMulticastAddress()) {
      return true;
    }
    byte[] b = a.getAddress();
    if (a instanceof Inet6Address) {
      return (b[0] & 0xfe) == 0xfc; // fc00::/7 unique local
    }
    int first = b[0] & 0xff;
    int second = b[1] & 0xff;
    return first == 0 // this network
        || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
        || (first == 169 && second == 254); // link-local, cloud metadata
  }
}
