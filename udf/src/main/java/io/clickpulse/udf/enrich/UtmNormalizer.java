package io.clickpulse.udf.enrich;

import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

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
        lookup(Vocabulary.SOURCES, "utm_source", source, unknown),
        lookup(Vocabulary.MEDIUMS, "utm_medium", medium, unknown),
        free(campaign),
        free(term),
        free(content),
        lookup(Vocabulary.CHANNELS, "channel", channel, unknown),
        List.copyOf(unknown),
        taxonomy.version());
  }

  /** The canonical value for one field, or the cleaned value if the taxonomy does not know it. */
  public String normalize(Vocabulary vocabulary, String raw) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    return taxonomy.canonical(vocabulary, raw).orElseGet(() -> UtmTaxonomy.clean(raw));
  }

  private String lookup(Vocabulary vocabulary, String field, String raw, List<String> unknown) {
    if (raw == null || raw.isBlank()) {
      return "";
    }
    return taxonomy
        .canonical(vocabulary, raw)
        .orElseGet(
            () -> {
              unknown.add(field);
              return UtmTaxonomy.clean(raw);
            });
  }

  private static String free(String raw) {
    return raw == null ? "" : UtmTaxonomy.clean(raw);
  }

  public UtmTaxonomy taxonomy() {
    return taxonomy;
  }
}
