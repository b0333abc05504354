package io.clickpulse.udf.enrich;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A versioned vocabulary of UTM sources, mediums and channels with their aliases, loaded from a
 * YAML file (the bundled {@code utm-taxonomy.yaml} by default).
 */
public final class UtmTaxonomy implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String BUNDLED = "utm-taxonomy.yaml";

  /** The vocabularies the taxonomy defines. */
  public enum Vocabulary {
    SOURCES("sources"),
    MEDIUMS("mediums"),
    CHANNELS("channels");

    final String yamlKey;

    Vocabulary(String yamlKey) {
      this.yamlKey = yamlKey;
    }
  }

  private final String version;
  private final Map<Vocabulary, Map<String, String>> canonicalByKey;

  private UtmTaxonomy(String version, Map<Vocabulary, Map<String, String>> canonicalByKey) {
    this.version = version;
    this.canonicalByKey = canonicalByKey;
  }

  /** The taxonomy shipped with ClickPulse. */
  public static UtmTaxonomy bundled() {
    try (InputStream in = UtmTaxonomy.class.getResourceAsStream(BUNDLED)) {
      return parse(Objects.requireNonNull(in, BUNDLED + " missing from the classpath"), BUNDLED);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Loads a taxonomy file; fails with a message naming the file and the problem. */
  public static UtmTaxonomy load(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return parse(in, file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Cannot read UTM taxonomy " + file + ": " + e.getMessage(), e);
    }
  }

  static UtmTaxonomy parse(InputStream in, String name) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
    if (root == null || !root.hasNonNull("version")) {
      throw new IllegalArgumentException("UTM taxonomy " + name + " has no 'version'");
    }
    Map<Vocabulary, Map<String, String>> vocabularies = new HashMap<>();
    for (Vocabulary vocabulary : Vocabulary.values()) {
      Map<String, String> byKey = new HashMap<>();
      JsonNode section = root.path(vocabulary.yamlKey);
      for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String canonical = entry.getKey();
        register(byKey, key(canonical), canonical, name, vocabulary);
        for (JsonNode alias : entry.getValue()) {
          register(byKey, key(alias.asText()), canonical, name, vocabulary);
        }
      }
      vocabularies.put(vocabulary, byKey);
    }
    return new UtmTaxonomy(root.get("version").asText(), vocabularies);
  }

  private static void register(
      Map<String, String> byKey, String key, String canonical, String name, Vocabulary vocabulary) {
    String previous = byKey.putIfAbsent(key, canonical);
    if (previous != null && !previous.equals(canonical)) {
      throw new IllegalArgumentException(
          "UTM taxonomy "
              + name
              + ": '"
              + key
              + "' in "
              + vocabulary.yamlKey
              + " maps to both '"
              + previous
              + "' and '"
              + canonical
              + "'");
    }
  }

  public String version() {
    return version;
  }

  /** The canonical value for a raw value, if the vocabulary knows it. */
  public Optional<String> canonical(Vocabulary vocabulary, String raw) {
    return Optional.ofNullable(canonicalByKey.get(vocabulary).get(key(clean(raw))));
  }

  /**
   * Decodes URL encoding (twice at most: links get encoded twice), trims, collapses whitespace and
   * lower-cases. Invalid escapes are kept as typed.
   */
  public static String clean(String raw) {
    String value = raw;
    for (int i = 0; i < 2 && (value.indexOf('%') >= 0 || value.indexOf('+') >= 0); i++) {
      try {
        value = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException invalidEscape) {
        break;
      }
    }
    return value.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
  }

  /** The matching key: cleaned, without a leading "www." and without separators. */
  static String key(String value) {
    String key = clean(value);
    if (key.startsWith("www.")) {
      key = key.substring(4);
    }
    return key.replaceAll("[\\s_.\\-]", "");
  }
}
