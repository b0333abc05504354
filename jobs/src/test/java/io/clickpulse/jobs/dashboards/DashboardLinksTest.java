package io.clickpulse.jobs.dashboards;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The data links between dashboards: every "Top links" table opens the link drill-down from its
 * link id, and every link to a dashboard names one that exists and only variables it has.
 */
class DashboardLinksTest {
  private static final Path DASHBOARDS = Paths.get("..", "dashboards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DASHBOARD_URL = Pattern.compile("^/d/([^/?]+)[^?]*(?:\\?(.*))?$");
  private static final String DRILL_DOWN = "clickpulse-link";

  @Test
  void topLinksTablesOpenTheDrillDownForTheirLink() {
    List<String> tables = new ArrayList<>();
    for (JsonNode dashboard : dashboards().values()) {
      for (JsonNode panel : dashboard.path("panels")) {
        if (!panel.path("title").asText().equals("Top links")) {
          continue;
        }
        tables.add(dashboard.path("uid").asText());
        List<String> urls = linksOf(panel, "link_id");
        assertTrue(
            urls.stream()
                .anyMatch(
                    url ->
                        url.startsWith("/d/" + DRILL_DOWN + "?")
                            && url.contains("var-link=${__value.raw}")),
            dashboard.path("uid").asText() + " top links: " + urls);
      }
    }
    assertEquals(
        List.of("clickpulse-campaigns", "clickpulse-conversions"),
        tables.stream().sorted().toList());
  }

  @Test
  void dataLinksNameExistingDashboardsAndTheirVariables() {
    Map<String, JsonNode> byUid = new HashMap<>();
    dashboards().values().forEach(d -> byUid.put(d.path("uid").asText(), d));
    int checked = 0;
    for (JsonNode dashboard : byUid.values()) {
      for (JsonNode panel : dashboard.path("panels")) {
        for (String url : linksOf(panel, null)) {
          Matcher m = DASHBOARD_URL.matcher(url);
          if (!m.matches()) {
            continue;
          }
          JsonNode target = byUid.get(m.group(1));
          assertTrue(target != null, url + ": no dashboard with uid " + m.group(1));
          Set<String> variables = new HashSet<>();
          target
              .path("templating")
              .path("list")
              .forEach(v -> variables.add(v.path("name").asText()));
          for (String parameter : m.group(2) == null ? new String[0] : m.group(2).split("&")) {
            if (parameter.startsWith("var-")) {
              String name = parameter.substring(4, parameter.indexOf('='));
              assertTrue(variables.contains(name), url + ": " + m.group(1) + " has no $" + name);
            }
          }
          checked++;
        }
      }
    }
    assertTrue(checked >= 2, "dashboard links checked: " + checked);
  }

  /** The data link URLs of a panel's field overrides, of one field (null: every field). */
  private static List<String> linksOf(JsonNode panel, String field) {
    List<String> urls = new ArrayList<>();
    for (JsonNode override : panel.path("fieldConfig").path("overrides")) {
      if (field != null && !override.path("matcher").path("options").asText().equals(field)) {
        continue;
      }
      for (JsonNode property : override.path("properties")) {
        if (property.path("id").asText().equals("links")) {
          property.path("value").forEach(link -> urls.add(link.path("url").asText()));
        }
      }
    }
    panel
        .path("fieldConfig")
        .path("defaults")
        .path("links")
        .forEach(l -> urls.add(l.path("url").asText()));
    return urls;
  }

  private static Map<Path, JsonNode> dashboards() {
    Map<Path, JsonNode> dashboards = new HashMap<>();
    try (Stream<Path> files = Files.list(DASHBOARDS)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        dashboards.put(file, JSON.readTree(file.toFile()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dashboards;
  }
}
