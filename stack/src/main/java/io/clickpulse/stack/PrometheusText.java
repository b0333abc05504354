package io.clickpulse.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Metrics in Prometheus' text exposition format, as an endpoint serves them: each sample's value
 * summed by metric name over its labels (one sample per subtask, split or process).
 */
public final class PrometheusText {
  private static final Pattern METRIC_NAME = Pattern.compile("flink_[A-Za-z0-9_]+");

  private final Map<String, Double> sums = new LinkedHashMap<>();

  private PrometheusText() {}

  /** Parses {@code texts}, one per endpoint; the same name in several adds up. */
  public static PrometheusText parse(Iterable<String> texts) {
    PrometheusText metrics = new PrometheusText();
    for (String text : texts) {
      for (String line : text.split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int labels = line.indexOf('{');
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, labels >= 0 && labels < space ? labels : space);
        double value = Double.parseDouble(line.substring(space + 1));
        metrics.sums.merge(name, value, Double::sum);
      }
    }
    return metrics;
  }

  /** The sum of the metric's samples, empty if no endpoint serves it. */
  public OptionalDouble sum(String name) {
    Double sum = sums.get(name);
    return sum == null ? OptionalDouble.empty() : OptionalDouble.of(sum);
  }

  /**
   * The metric names {@code expressions} (Prometheus rule text) mention that no endpoint serves; a
   * name ending in {@code _} stands for a family ({@code ..._rejected_.+}) of which one must be
   * served.
   */
  public List<String> unserved(String expressions) {
    List<String> missing = new ArrayList<>();
    Matcher named = METRIC_NAME.matcher(expressions);
    while (named.find()) {
      String name = named.group();
      boolean served =
          name.endsWith("_")
              ? sums.keySet().stream().anyMatch(n -> n.startsWith(name))
              : sums.containsKey(name);
      if (!served) {
        missing.add(name);
      }
    }
    return missing;
  }

  /** How many metric names {@code expressions} mention. */
  public static long mentioned(String expressions) {
    return METRIC_NAME.matcher(expressions).results().count();
  }

  /** The text of the rule group {@code name} in a Prometheus rules file. */
  public static String ruleGroup(String rulesFile, String name) {
    int start = rulesFile.indexOf("- name: " + name + "\n");
    if (start < 0) {
      throw new IllegalArgumentException("no rule group " + name);
    }
    int end = rulesFile.indexOf("\n  - name: ", start + 1);
    return end < 0 ? rulesFile.substring(start) : rulesFile.substring(start, end);
  }

  /** Every metric name served. */
  public Set<String> names() {
    return sums.keySet();
  }
}
