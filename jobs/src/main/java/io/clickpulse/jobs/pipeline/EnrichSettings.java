package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.settings.Secret;
import io.clickpulse.jobs.settings.Settings;
import io.clickpulse.udf.enrich.IpPrivacy;
import io.clickpulse.udf.enrich.UserAgentClassifier;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import java.nio.file.Paths;

/**
 * Enrichment: privacy, user-agent cache and the UTM taxonomy, which is loaded here once, at start,
 * so that a bad file fails the start with its own message.
 *
 * @param visitorHashSecret where the secret is: the enrichment reads it on the TaskManagers
 * @param taxonomyFile the file the taxonomy came from, null for the bundled one
 */
public record EnrichSettings(
    Secret visitorHashSecret, int userAgentCacheSize, String taxonomyFile, UtmTaxonomy taxonomy) {

  public static EnrichSettings from(Settings s) {
    String file = s.string("utm.taxonomy-file", null);
    UtmTaxonomy taxonomy = null;
    try {
      taxonomy = file == null ? UtmTaxonomy.bundled() : UtmTaxonomy.load(Paths.get(file));
    } catch (IllegalArgumentException e) {
      s.problem("'utm.taxonomy-file': " + e.getMessage());
    }
    return new EnrichSettings(
        secret(s),
        s.integer(
            "enrich.user-agent-cache-size", UserAgentClassifier.DEFAULT_CACHE_SIZE, 0, 10_000_000),
        file,
        taxonomy);
  }

  private static Secret secret(Settings s) {
    String value = s.required("privacy.visitor-hash-secret");
    if (value != null && value.length() < IpPrivacy.MIN_SECRET_LENGTH) {
      s.problem(
          "'privacy.visitor-hash-secret' must have at least "
              + IpPrivacy.MIN_SECRET_LENGTH
              + " characters");
    }
    return s.secret("privacy.visitor-hash-secret", "");
  }

  /** The secret masked: this is what gets logged. */
  @Override
  public String toString() {
    return "taxonomy="
        + (taxonomyFile == null ? "bundled" : taxonomyFile)
        + ", uaCache="
        + userAgentCacheSize
        + ", secret=***";
  }
}
