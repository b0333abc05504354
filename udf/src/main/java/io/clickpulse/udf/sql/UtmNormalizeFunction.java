package io.clickpulse.udf.sql;

import io.clickpulse.udf.enrich.UtmNormalizer;
import io.clickpulse.udf.enrich.UtmTaxonomy;
import io.clickpulse.udf.enrich.UtmTaxonomy.Vocabulary;
import java.util.Locale;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code UTM_NORMALIZE(vocabulary, raw)}: the canonical value of a UTM source, medium or channel
 * from the bundled taxonomy, or the cleaned raw value when the taxonomy does not know it.
 * Vocabulary is 'source', 'medium' or 'channel'; any other name just cleans the value.
 */
public class UtmNormalizeFunction extends ScalarFunction {
  private final UtmNormalizer normalizer = new UtmNormalizer(UtmTaxonomy.bundled());

  public String eval(String vocabulary, String raw) {
    if (raw == null) {
      return "";
    }
    return switch (vocabulary == null ? "" : vocabulary.toLowerCase(Locale.ROOT)) {
      case "source" -> normalizer.normalize(Vocabulary.SOURCES, raw);
      case "medium" -> normalizer.normalize(Vocabulary.MEDIUMS, raw);
      case "channel" -> normalizer.normalize(Vocabulary.CHANNELS, raw);
      default -> UtmTaxonomy.clean(raw);
    };
  }
}
