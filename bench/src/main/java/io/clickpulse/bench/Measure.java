package io.clickpulse.bench;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The measures of one run, in the order they run; {@code --only} names them. */
public enum Measure {
  CEILING("ceiling"),
  SINK_CEILING("sinkceiling"),
  PIPELINE("pipeline"),
  FLINK_SQL("flinksql"),
  CLICKHOUSE_KAFKA("chkafka"),
  SCALING("scaling"),
  ALERTS("alerts");

  private final String option;

  Measure(String option) {
    this.option = option;
  }

  public String option() {
    return option;
  }

  public static Measure of(String option) {
    String wanted = option.strip().toLowerCase(Locale.ROOT);
    for (Measure m : values()) {
      if (m.option.equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        "unknown measure '" + option + "' (known: " + allOptions() + ")");
  }

  public static String allOptions() {
    return Arrays.stream(values()).map(Measure::option).collect(Collectors.joining(","));
  }
}
