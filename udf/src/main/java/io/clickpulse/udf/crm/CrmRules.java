package io.clickpulse.udf.crm;

import com.fasterxml.jackson.databind.JsonNode;
import io.clickpulse.udf.crm.CrmRule.Kind;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules file's {@code crm:} section (docs/crm.md): qualified-click rules by name. Parsing
 * validates everything and fails with every problem, each naming its key ({@code
 * crm.pricing-interest.within}), as the other sections do.
 */
public final class CrmRules implements Serializable {
  private static final long serialVersionUID = 1L;

  public static final CrmRules NONE = new CrmRules(Map.of());

  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  static final Pattern DURATION =
      Pattern.compile("(\\d{1,9})\\s*(ms|s|sec|min|m|h|d|day|days)", Pattern.CASE_INSENSITIVE);

  /** Bounds a window's state: at most this many clicks are kept per subject and rule. */
  public static final int MAX_CLICKS = 10_000;

  public static final Duration MAX_WINDOW = Duration.ofDays(365);
  public static final Duration DEFAULT_TAGGED_WITHIN = Duration.ofDays(7);
  public static final Duration DEFAULT_PARTNER_WITHIN = Duration.ofHours(1);
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofDays(90);

  private static final Map<Kind, Set<String>> KEYS =
      Map.of(
          Kind.TAGGED_CLICKS, Set.of("kind", "tag", "clicks", "within", "route"),
          Kind.PARTNER_VOLUME, Set.of("kind", "tag", "owner", "clicks", "within", "route"),
          Kind.FIRST_CLICK, Set.of("kind", "campaign", "forget-after", "route"));

  private final Map<String, CrmRule> rules;

  private CrmRules(Map<String, CrmRule> rules) {
    this.rules = rules;
  }

  public static CrmRules of(List<CrmRule> rules) {
    Map<String, CrmRule> byName = new LinkedHashMap<>();
    rules.forEach(r -> byName.put(r.name(), r));
    return new CrmRules(byName);
  }

  /**
   * The section, or {@link #NONE} when it is absent or null.
   *
   * @throws IllegalArgumentException listing every problem, each naming its key
   */
  public static CrmRules parse(JsonNode section) {
    List<String> problems = new ArrayList<>();
    CrmRules rules = parse(section, problems);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return rules;
  }

  /** As above, adding the problems to {@code problems} (then the result is incomplete). */
  public static CrmRules parse(JsonNode section, List<String> problems) {
    if (section == null || section.isNull() || section.isMissingNode()) {
      return NONE;
    }
    if (!section.isObject()) {
      problems.add("crm must be a map of rule names to rules");
      return NONE;
    }
    Map<String, CrmRule> rules = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = section.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      CrmRule rule = rule(entry.getKey(), entry.getValue(), problems);
      if (rule != null) {
        rules.put(rule.name(), rule);
      }
    }
    return new CrmRules(rules);
  }

  private static CrmRule rule(String name, JsonNode node, List<String> problems) {
    String key = "crm." + name;
    int before = problems.size();
    if (!NAME.matcher(name).matches()) {
      problems.add(key + ": a rule name is lower-case letters, digits, '-' and '_' (at most 64)");
    }
    if (node == null || !node.isObject()) {
      problems.add(key + " must be a map with at least 'kind'");
      return null;
    }
    String kindName = text(node, "kind", key, problems);
    Kind kind = kindName == null ? null : Kind.of(kindName);
    if (kind == null) {
      problems.add(
          key + ".kind must be one of tagged-clicks, partner-volume, first-click, was " + kindName);
      return null;
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String field = names.next();
      if (!KEYS.get(kind).contains(field)) {
        problems.add(
            key + "." + field + ": unknown key for a " + kind.id + " rule (" + known(kind) + ")");
      }
    }
    String tag = orEmpty(text(node, "tag", key, problems));
    String owner = orEmpty(text(node, "owner", key, problems));
    String campaign = orEmpty(text(node, "campaign", key, problems));
    String route = orEmpty(text(node, "route", key, problems));
    int clicks = 1;
    Duration within = null;
    switch (kind) {
      case TAGGED_CLICKS -> {
        if (tag.isEmpty()) {
          problems.add(key + ".tag is required: the link tag whose clicks count");
        }
        clicks = clicks(node, key, 2, problems);
        within = duration(node, "within", key, DEFAULT_TAGGED_WITHIN, problems);
      }
      case PARTNER_VOLUME -> {
        if (tag.isEmpty() == owner.isEmpty()) {
          problems.add(key + ": set exactly one of tag and owner (the partner whose links count)");
        }
        if (!node.has("clicks")) {
          problems.add(key + ".clicks is required: the human clicks that make a signal");
        }
        clicks = clicks(node, key, 1, problems);
        within = duration(node, "within", key, DEFAULT_PARTNER_WITHIN, problems);
      }
      case FIRST_CLICK ->
          within = duration(node, "forget-after", key, DEFAULT_FORGET_AFTER, problems);
    }
    if (!route.isEmpty() && !NAME.matcher(route).matches()) {
      problems.add(key + ".route: '" + route + "' is not a route name like crm-hubspot");
    }
    if (problems.size() > before) {
      return null;
    }
    return new CrmRule(name, kind, tag, owner, campaign, clicks, within, route);
  }

  private static String known(Kind kind) {
    return String.join(", ", KEYS.get(kind).stream().sorted().toList());
  }

  private static String text(JsonNode node, String field, String key, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual() && !value.isNumber()) {
      problems.add(key + "." + field + " must be a text");
      return null;
    }
    return value.asText().strip();
  }

  private static int clicks(JsonNode node, String key, int fallback, List<String> problems) {
    JsonNode value = node.get("clicks");
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_CLICKS) {
      problems.add(
          key + ".clicks must be a whole number from 1 to " + MAX_CLICKS + ", was " + value);
      return fallback;
    }
    return value.asInt();
  }

  private static Duration duration(
      JsonNode node, String field, String key, Duration fallback, List<String> problems) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    Duration d = parseDuration(value.asText());
    if (d == null) {
      problems.add(
          key
              + "."
              + field
              + " is not a duration like '7 d', '1 h' or '30 min': '"
              + value.asText()
              + "'");
      return fallback;
    }
    if (d.isZero() || d.compareTo(MAX_WINDOW) > 0) {
      problems.add(
          key + "." + field + " must be positive and at most 365 d, was " + value.asText());
      return fallback;
    }
    return d;
  }

  /** "7 d", "1 h", "30 min", "10 s", "500 ms" (the units the rules file uses), or null. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text == null ? "" : text.strip());
    if (!m.matches()) {
      return null;
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2).toLowerCase(Locale.ROOT)) {
      case "ms" -> Duration.ofMillis(n);
      case "s", "sec" -> Duration.ofSeconds(n);
      case "min", "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  public boolean isEmpty() {
    return rules.isEmpty();
  }

  public CrmRule rule(String name) {
    return rules.get(name);
  }

  public List<CrmRule> all() {
    return List.copyOf(rules.values());
  }

  /** The rules about one contact: tagged-clicks and first-click. */
  public List<CrmRule> contactRules() {
    return rules.values().stream().filter(CrmRule::perContact).toList();
  }

  /** The partner-volume rules. */
  public List<CrmRule> partnerRules() {
    return rules.values().stream().filter(r -> !r.perContact()).toList();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CrmRules other && rules.equals(other.rules);
  }

  @Override
  public int hashCode() {
    return rules.hashCode();
  }

  @Override
  public String toString() {
    return "CrmRules" + rules.keySet();
  }
}
