package io.clickpulse.jobs.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kafka.topic.links turns the stage on; its rules are checked against the taxonomy at start. */
class LinkStageConfigTest {
  private static Map<String, String> base() {
    Map<String, String> values = new HashMap<>();
    values.put("kafka.bootstrap-servers", "127.0.0.1:9");
    values.put("clickhouse.url", "jdbc:clickhouse://127.0.0.1:9/unused");
    values.put("privacy.visitor-hash-secret", "config-test-secret-0123");
    return values;
  }

  @Test
  void offByDefaultOnWithATopic() {
    assertFalse(ClickPipelineConfig.from(base()).linksEnabled());
    Map<String, String> on = base();
    on.put("kafka.topic.links", "links");
    ClickPipelineConfig config = ClickPipelineConfig.from(on);
    assertTrue(config.linksEnabled());
    assertEquals("links", config.linksTopic());
  }

  @Test
  void requiredUtmForAChannelTheTaxonomyDoesNotKnowFailsTheStartNamingTheKey(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(
        rules, "links:\n  required-utm: { default: [utm_source], printt: [utm_content] }\n");
    Map<String, String> values = base();
    values.put("kafka.topic.links", "links");
    values.put("alerts.rules-file", rules.toString());
    ConfigException e = assertThrows(ConfigException.class, () -> ClickPipelineConfig.from(values));
    assertTrue(
        e.problems().stream()
            .anyMatch(p -> p.contains("links.required-utm") && p.contains("printt")),
        e.getMessage());
    // The same file without the stage: nothing checks the links section against the taxonomy.
    values.remove("kafka.topic.links");
    assertFalse(ClickPipelineConfig.from(values).linksEnabled());
  }
}
