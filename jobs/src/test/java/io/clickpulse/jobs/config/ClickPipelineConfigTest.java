package io.clickpulse.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.kafka.StartingOffsets;
import io.clickpulse.jobs.settings.ConfigException;
import io.clickpulse.jobs.settings.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClickPipelineConfigTest {
  private static final Map<String, String> MINIMAL =
      Map.of(
          "kafka.bootstrap-servers", "127.0.0.1:9092",
          "clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/clickpulse",
          "privacy.visitor-hash-secret", "0123456789abcdef");

  @Test
  void minimalConfigGetsDocumentedDefaults() {
    ClickPipelineConfig c = ClickPipelineConfig.from(MINIMAL);
    assertEquals("clicks.raw", c.rawTopic());
    assertEquals("clicks.dlq", c.deadLetterTopic());
    assertEquals(Duration.ofHours(24), c.dedup().ttl());
    assertEquals(32 * 1024, c.validation().maxRecordBytes());
    assertEquals(10_000, c.clickhouse().batchSize());
    assertEquals("clickpulse", c.clickhouse().database());
    assertEquals(StartingOffsets.COMMITTED, c.kafka().startingOffsets());
    assertEquals(Duration.ofMinutes(10), c.kafka().transactionTimeout());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "kafka.bootstrap-servers | localhost      | 'kafka.bootstrap-servers' must be host:port",
        "kafka.bootstrap-servers | a:1,b          | got 'b'",
        "clickhouse.url          | http://x:8123  | 'clickhouse.url' must look like",
        "privacy.visitor-hash-secret | short      | at least 16 characters",
        "dedup.ttl               | forever        | 'dedup.ttl' is not a duration",
        "dedup.ttl               | -5 s           | 'dedup.ttl'",
        "clickhouse.batch-size   | 0              | 'clickhouse.batch-size' must be between 1 and 1000000",
        "kafka.bounded           | yes            | 'kafka.bounded' must be true or false",
        "kafka.starting-offsets  | newest         | must be one of [committed, earliest, latest]",
        "kafka.transaction-timeout | 500 ms       | 'kafka.transaction-timeout' must be between 1 s",
      })
  void badValuesAreRejectedNamingTheSetting(String key, String value, String message) {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put(key, value);
    ConfigException e = assertThrows(ConfigException.class, () -> ClickPipelineConfig.from(values));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void everyMissingRequiredSettingIsReportedAtOnceWithItsEnvironmentVariable() {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ClickPipelineConfig.from(Map.of()));
    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("CLICKPULSE_KAFKA_BOOTSTRAP_SERVERS"), e.getMessage());
    assertTrue(e.getMessage().contains("CLICKPULSE_PRIVACY_VISITOR_HASH_SECRET"), e.getMessage());
  }

  @Test
  void argumentsOverrideEnvironmentWhichOverridesTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("pipeline.properties");
    Files.writeString(
        file,
        "kafka.bootstrap-servers=file:1\nkafka.topic.raw=from-file\nkafka.group-id=file-group\n"
            + "clickhouse.url=jdbc:clickhouse://h:8123/db\ndedup.ttl=1 h\n");
    Map<String, String> env =
        Map.of(
            "CLICKPULSE_KAFKA_TOPIC_RAW", "from-env",
            "CLICKPULSE_PRIVACY_VISITOR_HASH_SECRET", "env-secret-0123456789",
            "CLICKPULSE_DEDUP_TTL", "2 h");
    String[] args = {"--config", file.toString(), "--dedup.ttl", "3 h"};

    ClickPipelineConfig c = ClickPipelineConfig.from(Settings.load(args, env));

    assertEquals("from-env", c.rawTopic());
    assertEquals("file-group", c.kafka().groupId());
    assertEquals(Duration.ofHours(3), c.dedup().ttl());
  }

  @Test
  void unknownArgumentIsATypoNotSilentlyIgnored() {
    String[] args = {
      "--kafka.bootstrap-servers", "h:1", "--clickhouse.url", "jdbc:clickhouse://h:8123/db",
      "--privacy.visitor-hash-secret", "0123456789abcdef", "--dedup.tll", "1 h"
    };
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> ClickPipelineConfig.from(Settings.load(args, Map.of())));
    assertTrue(e.getMessage().contains("unknown setting '--dedup.tll'"), e.getMessage());
  }

  @Test
  void secretsNeverAppearInTheLoggedForm() {
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put("clickhouse.password", "hunter2-password");
    String logged = ClickPipelineConfig.from(values).toString();
    assertFalse(logged.contains("0123456789abcdef"), logged);
    assertFalse(logged.contains("hunter2"), logged);
  }

  @Test
  void badRulesAndTaxonomyFilesAreReportedAtStartWithTheOtherProblems(@TempDir Path dir)
      throws Exception {
    Path rules = dir.resolve("rules.yaml");
    Files.writeString(rules, "thresholds: [not, a, map]\n");
    Map<String, String> values = new HashMap<>(MINIMAL);
    values.put("alerts.rules-file", rules.toString());
    values.put("utm.taxonomy-file", dir.resolve("missing.yaml").toString());
    values.put("dedup.ttl", "forever");

    ConfigException e = assertThrows(ConfigException.class, () -> ClickPipelineConfig.from(values));

    assertEquals(3, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("'alerts.rules-file'"), e.getMessage());
    assertTrue(
        e.getMessage().contains("'utm.taxonomy-file': Cannot read UTM taxonomy"), e.getMessage());
  }

  @Test
  void filesAreLoadedOnceIntoTheConfiguration() {
    ClickPipelineConfig c = ClickPipelineConfig.from(MINIMAL);
    assertNotNull(c.alerts().rules());
    assertNotNull(c.enrich().taxonomy());
    assertTrue(c.alerts().enabled());
  }
}
