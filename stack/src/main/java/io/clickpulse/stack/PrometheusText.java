package io.clickpulse.stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * Metrics in Prometheus' text exposition format, as an endpoint serves them: each sample's value
 * summed by metric name over its labels (one sample per subtask, split or process).
 */
public final class PrometheusText {
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

  /** Every metric name served. */
  public Set<String> names() {
    return sums.keySet();
  }
}
