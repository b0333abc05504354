package io.clickpulse.udf.link;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/** URL helpers for links: hosts, domain names, and one spelling per destination. */
public final class LinkUrls {
  /** A DNS name, '_' included ("my_links.example.com"): java.net.URI returns no host for those. */
  private static final Pattern REGISTRY_HOST =
      Pattern.compile("(?:[A-Za-z0-9_-]+\\.)*[A-Za-z0-9_-]+\\.?");

  /** A domain name as configured or sent in custom_domain: at least two labels, no scheme. */
  private static final Pattern DOMAIN =
      Pattern.compile("(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]*");

  private LinkUrls() {}

  /** The lower-case host of an absolute http(s) URL without a trailing dot, or null. */
  public static String host(String url) {
    URI uri = httpUri(url);
    if (uri == null) {
      return null;
    }
    String host = uri.getHost();
    if (host == null) {
      // Registry-based authority (a '_' in the host): strip user info and port by hand.
      host = uri.getRawAuthority().replaceFirst("^.*@", "").replaceFirst(":\\d*$", "");
      if (!REGISTRY_HOST.matcher(host).matches()) {
        return null;
      }
    }
    host = host.toLowerCase(Locale.ROOT);
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /** Whether {@code value} is a lower-case domain name such as {@code go.example.com}. */
  public static boolean isDomainName(String value) {
    return value != null && DOMAIN.matcher(value).matches();
  }

  /**
   * Whether {@code host} is {@code domain} or one of its subdomains: {@code www.bit.ly} is on
   * {@code bit.ly}, {@code notbit.ly} is not.
   */
  public static boolean onDomain(String host, String domain) {
    return host.equals(domain) || host.endsWith("." + domain);
  }

  /**
   * One spelling for URLs that lead to the same page, to find duplicate destinations: lower-case
   * scheme and host, no default port, no fragment, no trailing slash, query parameters sorted.
   * Paths and parameter values keep their case (servers may treat them so). Returns the input
   * trimmed when it is no http(s) URL.
   */
  public static String normalize(String url) {
    URI uri = httpUri(url);
    String host = host(url);
    if (uri == null || host == null) {
      return url == null ? null : url.strip();
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    StringBuilder out = new StringBuilder(scheme).append("://").append(host);
    if (!defaultPort) {
      out.append(':').append(port);
    }
    out.append(path);
    String query = uri.getRawQuery();
    if (query != null && !query.isEmpty()) {
      String[] parameters =
          Arrays.stream(query.split("&")).filter(p -> !p.isEmpty()).sorted().toArray(String[]::new);
      if (parameters.length > 0) {
        out.append('?').append(String.join("&", parameters));
      }
    }
    return out.toString();
  }

  private static URI httpUri(String url) {
    if (url == null) {
      return null;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return null;
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getRawAuthority() == null) {
      return null;
    }
    return uri;
  }
}
