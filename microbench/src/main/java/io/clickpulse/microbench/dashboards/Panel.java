package io.clickpulse.microbench.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** One Grafana panel's query, as the dashboard JSON holds it. */
public record Panel(String dashboard, String title, String sql) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TIME_FILTER = Pattern.compile("\\$__timeFilter\\(([^)]+)\\)");
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+):singlequote}");

  /** Every panel of every dashboard in {@code dir}, dashboards by file name, panels in order. */
  public static List<Panel> all(Path dir) {
    List<Panel> panels = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        String name = file.getFileName().toString().replace(".json", "");
        for (JsonNode panel : dashboard.get("panels")) {
          panels.add(
              new Panel(
                  name,
                  panel.get("title").asText(),
                  panel.get("targets").get(0).get("rawSql").asText()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the dashboards in " + dir, e);
    }
    return panels;
  }

  /**
   * The SQL with Grafana's macros and template variables expanded as grafana-clickhouse-datasource
   * does for the range [{@code from}, {@code to}] and the given panel interval.
   */
  public String expand(Instant from, Instant to, long intervalSeconds, Map<String, String> values) {
    String fromTime = "toDateTime(" + from.getEpochSecond() + ")";
    String toTime = "toDateTime(" + to.getEpochSecond() + ")";
    String expanded =
        TIME_FILTER
            .matcher(sql)
            .replaceAll(
                m -> m.group(1) + " >= " + fromTime + " AND " + m.group(1) + " <= " + toTime)
            .replace("$__fromTime", fromTime)
            .replace("$__toTime", toTime)
            .replace("$__interval_s", Long.toString(intervalSeconds));
    Matcher m = VARIABLE.matcher(expanded);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalArgumentException(title + ": no value for variable " + m.group(1));
      }
      m.appendReplacement(out, Matcher.quoteReplacement("'" + value.replace("'", "\\'") + "'"));
    }
    m.appendTail(out);
    if (out.indexOf("$") >= 0) {
      throw new IllegalArgumentException(title + ": unexpanded macro in " + out);
    }
    return out.toString();
  }
}
