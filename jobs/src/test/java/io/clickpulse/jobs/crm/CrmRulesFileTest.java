package io.clickpulse.jobs.crm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.settings.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code crm:} section read from the rules file, its problems reported with the file's. */
class CrmRulesFileTest {
  @TempDir Path dir;

  @Test
  void theSectionIsReadFromTheRulesFile() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        spike:
          min-ratio: 3
        crm:
          pricing-interest: {kind: tagged-clicks, tag: pricing, clicks: 2, within: 7 d}
          partner-hour: {kind: partner-volume, tag: partner-acme, clicks: 50}
        """);
    AlertRules rules = AlertRules.load(file);
    assertEquals(List.of("pricing-interest"), names(rules.crm().contactRules()));
    assertEquals(List.of("partner-hour"), names(rules.crm().partnerRules()));
    assertTrue(AlertRules.bundled().crm().isEmpty(), "the bundled file has no CRM rules");
  }

  @Test
  void aBadSectionFailsTheStartNamingTheKeyAndTheFile() throws Exception {
    Path file = dir.resolve("rules.yaml");
    Files.writeString(
        file,
        """
        spike:
          min-ratio: 0.5
        crm:
          pricing-interest: {kind: tagged-clicks, clicks: 2}
        """);
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                ClickPipelineConfig.from(
                    Map.of(
                        "kafka.bootstrap-servers", "127.0.0.1:9",
                        "clickhouse.url", "jdbc:clickhouse://127.0.0.1:9/unused",
                        "privacy.visitor-hash-secret", "graph-test-secret-0123",
                        "alerts.rules-file", file.toString())));
    assertTrue(e.getMessage().contains("'alerts.rules-file'"), e.getMessage());
    assertTrue(e.getMessage().contains("spike.min-ratio must be at least 1"), e.getMessage());
    assertTrue(
        e.getMessage().contains("crm.pricing-interest.tag is required"), "all problems at once");
  }

  private static List<String> names(List<io.clickpulse.udf.crm.CrmRule> rules) {
    return rules.stream().map(io.clickpulse.udf.crm.CrmRule::name).toList();
  }
}
