package io.clickpulse.microbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.microbench.dashboards.Panel;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PanelTest {
  private static final Instant FROM = Instant.ofEpochSecond(1_790_000_000L);
  private static final Instant TO = FROM.plusSeconds(86_400);

  @Test
  void expandsTimeMacrosIntervalAndQuotedVariables() {
    Panel panel =
        new Panel(
            "d",
            "t",
            "SELECT toStartOfInterval(hour, INTERVAL greatest($__interval_s, 60) second) AS time"
                + " FROM x WHERE $__timeFilter(window_start) AND hour >= toStartOfHour($__fromTime)"
                + " AND hour <= $__toTime AND link_id = ${link:singlequote}");

    assertEquals(
        "SELECT toStartOfInterval(hour, INTERVAL greatest(600, 60) second) AS time FROM x WHERE"
            + " window_start >= toDateTime(1790000000) AND window_start <= toDateTime(1790086400)"
            + " AND hour >= toStartOfHour(toDateTime(1790000000)) AND hour <= toDateTime(1790086400)"
            + " AND link_id = 'it\\'s'",
        panel.expand(FROM, TO, 600, Map.of("link", "it's")));
  }

  @Test
  void refusesAVariableWithoutValue() {
    Panel panel = new Panel("d", "t", "SELECT 1 WHERE c = ${campaign:singlequote}");
    assertThrows(IllegalArgumentException.class, () -> panel.expand(FROM, TO, 60, Map.of()));
  }

  @Test
  void readsEveryPanelOfTheProjectsDashboards() {
    List<Panel> panels = Panel.all(Paths.get("..", "dashboards"));
    assertTrue(panels.size() >= 20, "four dashboards with their panels: " + panels.size());
    assertTrue(
        panels.stream().allMatch(p -> p.sql().startsWith("SELECT") || p.sql().startsWith("WITH ")));
  }
}
