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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A versioned vocabulary of UTM sources, mediums and channels with their aliases, loaded from a
 * YAML file (the bundled {@code utm-taxonomy.yaml} by default).
 */
public final class UtmTaxonomy implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String BUNDLED = "utm-taxonomy.yaml";

  /** Java's \s is ASCII only; \p{Z} adds the no-break and other Unicode spaces. */
  private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");

  private static final Pattern SEPARATORS = Pattern.compile("[ _.+-]");

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
        register(byKey, canonical, canonical, name, vocabulary);
        for (String alias : aliases(entry.getValue(), canonical, name, vocabulary)) {
          register(byKey, alias, canonical, name, vocabulary);
        }
      }
      vocabularies.put(vocabulary, byKey);
    }
    return new UtmTaxonomy(root.get("version").asText(), vocabularies);
  }

  /**
   * A list of aliases, or one alias as a plain string ("google: g"), or none ("other:"). Anything
   * else fails: iterating it would silently register nothing, or "" for a nested map.
   */
  private static List<String> aliases(
      JsonNode value, String canonical, String name, Vocabulary vocabulary) {
    if (value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.textValue());
    }
    List<String> aliases = new ArrayList<>();
    for (JsonNode alias : value) {
      if (alias.isValueNode() && !alias.isNull()) {
        aliases.add(alias.asText());
      }
    }
    // Scalars only, in a list: iterating a map yields its values, a number yields nothing.
    if (!value.isArray() || aliases.size() != value.size()) {
      throw problem(
          name,
          "the aliases of '%s' in %s must be a list of strings or one string, not %s",
          canonical,
          vocabulary.yamlKey,
          value);
    }
    return aliases;
  }

  private static void register(
      Map<String, String> byKey,
      String alias,
      String canonical,
      String name,
      Vocabulary vocabulary) {
    String key = key(clean(alias));
    if (key.isEmpty()) {
      throw problem(name, "'%s' in %s is empty once normalized", alias, vocabulary.yamlKey);
    }
    String previous = byKey.putIfAbsent(key, canonical);
    if (previous != null && !previous.equals(canonical)) {
      throw problem(
          name,
          "'%s' in %s maps to both '%s' and '%s'",
          key,
          vocabulary.yamlKey,
          previous,
          canonical);
    }
  }

  private static IllegalArgumentException problem(String name, String format, Object... args) {
    return new IllegalArgumentException("UTM taxonomy " + name + ": " + format.formatted(args));
  }

  public String version() {
    return version;
  }

  /** The canonical value for a raw value, if the vocabulary knows it. */
  public Optional<String> canonical(Vocabulary vocabulary, String raw) {
    return canonicalOfCleaned(vocabulary, clean(raw));
  }

  /** The canonical value for a value {@link #clean} returned, without cleaning (decoding) again. */
  Optional<String> canonicalOfCleaned(Vocabulary vocabulary, String cleaned) {
    return Optional.ofNullable(canonicalByKey.get(vocabulary).get(key(cleaned)));
  }

  /**
   * Decodes URL encoding (twice at most: links get encoded twice), trims, collapses whitespace
   * (Unicode spaces too) and lower-cases. Only a value with a '%' is decoded: a '+' in an already
   * decoded value is a plus ("c++ course"). Invalid escapes are kept as typed.
   */
  public static String clean(String raw) {
    String value = raw;
    for (int i = 0; i < 2 && value.indexOf('%') >= 0; i++) {
      try {
        value = URLDecoder.decode(value, StandardCharsets.UTF_8);
      } catch (IllegalArgumentException invalidEscape) {
        break;
      }
    }
    return WHITESPACE.matcher(value).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
  }

  /**
   * The matching key of a cleaned value: without a leading "www." and without separators, '+'
   * included, so "you+tube" matches like "you tube".
   */
  static String key(String cleaned) {
    String key = cleaned.startsWith("www.") ? cleaned.substring(4) : cleaned;
    return SEPARATORS.matcher(key).replaceAll("");
  }
}
