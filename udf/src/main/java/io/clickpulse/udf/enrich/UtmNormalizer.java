package io.clickpulse.udf.enrich;

import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Normalizes raw UTM values with a {@link UtmTaxonomy}. Stateless and thread-safe. */
public final class UtmNormalizer implements Serializable {
  private static final long serialVersionUID = 1L;

  private final UtmTaxonomy taxonomy;

  public UtmNormalizer(UtmTaxonomy taxonomy) {
    this.taxonomy = taxonomy;
  }

  public NormalizedUtm normalize(
      String source, String medium, String campaign, String term, String content, String channel) {
    List<String> unknown = new ArrayList<>(3);
    return new NormalizedUtm(
        lookup(Vocabulary.SOURCES, source, () -> unknown.add("utm_source")),
        lookup(Vocabulary.MEDIUMS, medium, () -> unknown.add("utm_medium")),
        free(campaign),
        free(term),
        free(content),
        lookup(Vocabulary.CHANNELS, channel, () -> unknown.add("channel")),
        List.copyOf(unknown),
        taxonomy.version());
  }

  /** The canonical value for one field, or the cleaned value if the taxonomy does not know it. */
  public String normalize(Vocabulary vocabulary, String raw) {
    return lookup(vocabulary, raw, () -> {});
  }

  /**
   * Cleans once, then looks the cleaned value up: cleaning again would decode a third time. A value
   * that is blank once cleaned ("%20") is absent, not unknown.
   */
  private String lookup(Vocabulary vocabulary, String raw, Runnable onUnknown) {
    String cleaned = free(raw);
    if (cleaned.isEmpty()) {
      return "";
    }
    Optional<String> canonical = taxonomy.canonicalOfCleaned(vocabulary, cleaned);
    if (canonical.isEmpty()) {
      onUnknown.run();
    }
    return canonical.orElse(cleaned);
  }

  private static String free(String raw) {
    return raw == null ? "" : UtmTaxonomy.clean(raw);
  }

  public UtmTaxonomy taxonomy() {
    return taxonomy;
  }
}
