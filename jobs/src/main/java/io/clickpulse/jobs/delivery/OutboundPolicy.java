package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where notifications may go: https only (plain http only to hosts allowed by name), and never to
 * loopback, private, link-local or other special-purpose addresses ({@link #BLOCKED}) unless the
 * host is explicitly allowed: a webhook URL must not become a way into the internal network. Every
 * address a name resolves to is checked, before every send. Plain Java.
 *
 * <p>HTTP deliveries connect to the addresses {@link #resolve} checked, and to no other: the HTTP
 * client resolves names only through it, so a name re-pointed after the check (DNS rebinding)
 * cannot lead inside.
 */
public final class OutboundPolicy implements Serializable {
  private final Set<String> allowedHosts;
  private final Resolver resolver;

  /**
   * @param allowedHosts hosts allowed over plain http and on internal addresses (local receivers)
   */
  public OutboundPolicy(Set<String> allowedHosts) {
    this(allowedHosts, InetAddress::getAllByName);
  }

  /** The same with {@code resolver} instead of the system's name resolution (tests). */
  public OutboundPolicy(Set<String> allowedHosts, Resolver resolver) {
    this.allowedHosts = Set.copyOf(allowedHosts);
    this.resolver = resolver;
  }

  /** Returns the URI, or throws with a reason that does not repeat the (secret) URL. */
  public URI check(String url) {
    URI uri = checkUrl(url);
    checkHost(uri.getHost());
    return uri;
  }

  /**
   * The URL's rules without resolving its host (scheme, host present): what {@link HttpDelivery}
   * checks before it connects, and then resolves through {@link #resolve} when it connects.
   */
  public URI checkUrl(String url) {
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
    return uri;
  }

  /** Whether {@code host} is allowed by name (plain connections, internal addresses). */
  public boolean allows(String host) {
    return host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
  }

  /**
   * Throws unless {@code host} is allowed by name or every address it resolves to is public: the
   * check of {@link #check} for a bare host (an SMTP server).
   */
  public void checkHost(String hostName) {
    if (allows(hostName)) {
      return; // an allowed host may not resolve yet (a receiver started later)
    }
    try {
      resolve(hostName);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("host " + hostName + " cannot be resolved");
    }
  }

  /**
   * The addresses to connect to for {@code hostName}: every one it resolves to, each checked unless
   * the host is allowed by name. Connecting to exactly these is what stops a name re-pointed after
   * the check (DNS rebinding); {@link HttpDelivery} resolves only through here.
   *
   * @throws IllegalArgumentException when an address is internal and the host not allowed
   * @throws UnknownHostException when the name does not resolve
   */
  public InetAddress[] resolve(String hostName) throws UnknownHostException {
    String host = hostName == null ? "" : hostName.toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    InetAddress[] addresses = resolver.resolve(host);
    if (!allowedHosts.contains(host)) {
      for (InetAddress address : addresses) {
        if (internal(address)) {
          throw new IllegalArgumentException(
              "host "
                  + host
                  + " resolves to an internal address; allow it in outbound.allowed-hosts");
        }
      }
    }
    return addresses;
  }

  /** Name resolution, the system's unless a test gives its own. */
  public interface Resolver extends Serializable {
    InetAddress[] resolve(String host) throws UnknownHostException;
  }

  /**
   * Ranges no notification may reach unless its host is allowed: RFC 6890's special-purpose
   * registries (IPv4 and IPv6) minus the globally reachable ones, plus the IPv6 ranges that embed
   * an IPv4 address (NAT64, 6to4, Teredo, IPv4-compatible), which could reach an internal IPv4
   * through a gateway. IPv4-mapped addresses (::ffff:a.b.c.d) come from Java as the IPv4 address
   * itself.
   */
  static final List<String> BLOCKED =
      List.of(
          "0.0.0.0/8", // this network
          "10.0.0.0/8", // private
          "100.64.0.0/10", // carrier-grade NAT
          "127.0.0.0/8", // loopback
          "169.254.0.0/16", // link-local, cloud metadata
          "172.16.0.0/12", // private
          "192.0.0.0/24", // IETF protocol assignments
          "192.0.2.0/24", // documentation (TEST-NET-1)
          "192.88.99.0/24", // 6to4 relay anycast
          "192.168.0.0/16", // private
          "198.18.0.0/15", // benchmarking
          "198.51.100.0/24", // documentation (TEST-NET-2)
          "203.0.113.0/24", // documentation (TEST-NET-3)
          "224.0.0.0/4", // multicast
          "240.0.0.0/4", // reserved, and 255.255.255.255 broadcast
          "::/96", // unspecified, loopback, IPv4-compatible
          "64:ff9b::/96", // NAT64
          "64:ff9b:1::/48", // local-use NAT64
          "100::/64", // discard-only
          "2001::/23", // IETF protocol assignments: Teredo, benchmarking, ORCHID
          "2001:db8::/32", // documentation
          "2002::/16", // 6to4
          "fc00::/7", // unique local
          "fe80::/10", // link-local
          "fec0::/10", // site-local (deprecated)
          "ff00::/8"); // multicast

  private static final List<byte[]> NETWORKS = new ArrayList<>();
  private static final List<Integer> PREFIXES = new ArrayList<>();

  static {
    for (String cidr : BLOCKED) {
      String[] parts = cidr.split("/");
      try {
        NETWORKS.add(InetAddress.getByName(parts[0]).getAddress());
      } catch (UnknownHostException literal) {
        throw new IllegalStateException(literal);
      }
      PREFIXES.add(Integer.parseInt(parts[1]));
    }
  }

  static boolean internal(InetAddress a) {
    byte[] address = a.getAddress();
    for (int i = 0; i < NETWORKS.size(); i++) {
      if (inPrefix(address, NETWORKS.get(i), PREFIXES.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean inPrefix(byte[] address, byte[] network, int bits) {
    if (address.length != network.length) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((address[i / 8] & mask) != (network[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }
}
