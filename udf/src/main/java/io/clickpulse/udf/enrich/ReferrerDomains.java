package io.clickpulse.udf.enrich;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host of a referrer URL, as analysts group by it. */
public final class ReferrerDomains {
  /** Scheme, optional user info, host: enough for referrers that java.net.URI refuses. */
  private static final Pattern LENIENT_HOST =
      Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.\\-]*://(?:[^/?#@]*@)?([^/:?#\\s]+)");

  private ReferrerDomains() {}

  /**
   * The lower-case host without a leading "www.", or "" for no referrer or one without a host
   * (direct traffic, "android-app://" ids are kept as their package name).
   */
  public static String of(String referrer) {
    if (referrer == null || referrer.isBlank()) {
      return "";
    }
    String host = null;
    try {
      host = new URI(referrer.strip()).getHost();
    } catch (URISyntaxException ignored) {
      // Fall back to the lenient pattern below.
    }
    if (host == null) {
      Matcher m = LENIENT_HOST.matcher(referrer.strip());
      host = m.find() ? m.group(1) : "";
    }
    host = host.toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    return host.startsWith("www.") ? host.substring(4) : host;
  }
}
