package io.clickpulse.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line's key=value options: Flink's for the pipeline's jobs, and the pipeline's own.
 */
class BenchOptionsTest {
  @Test
  void pipelineConfAndSettingsAreKeptApart() {
    BenchOptions options =
        BenchOptions.parse(
            new String[] {
              "--pipeline-conf",
              "taskmanager.memory.managed.size=256m; pipeline.object-reuse = true",
              "--pipeline-settings",
              "clickhouse.batch-size=50000"
            });
    assertEquals(
        Map.of("taskmanager.memory.managed.size", "256m", "pipeline.object-reuse", "true"),
        options.pipelineConf());
    assertEquals(Map.of("clickhouse.batch-size", "50000"), options.pipelineSettings());
  }

  @Test
  void byDefaultThePipelineRunsAsDeployed() {
    BenchOptions options = BenchOptions.parse(new String[0]);
    assertTrue(options.pipelineConf().isEmpty());
    assertTrue(options.pipelineSettings().isEmpty());
  }

  @Test
  void aPairWithoutValueIsRefusedNamingItsOption() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                BenchOptions.parse(new String[] {"--pipeline-settings", "clickhouse.batch-size"}));
    assertTrue(e.getMessage().contains("--pipeline-settings"), e.getMessage());
  }
}
