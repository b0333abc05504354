package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.settings.Settings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job graph is what the JobManager stores (blob store, HA storage) and ships: the visitor-hash
 * secret and the ClickHouse password must not be in it when they come from the environment or the
 * {@code --config} file, only where to read them. The same graph with both passed as arguments
 * shows that the search finds a secret that is there.
 */
class JobGraphSecretsTest {
  private static final String VISITOR_SECRET = "graph-test-visitor-secret-5c1e";
  private static final String PASSWORD = "graph-test-clickhouse-pw-77a0";

  @TempDir Path dir;

  private List<String> args() {
    return new ArrayList<>(
        List.of(
            "--kafka.bootstrap-servers", "127.0.0.1:9092",
            "--clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/secrets",
            "--clickhouse.apply-migrations", "false",
            "--checkpoint.dir", dir.resolve("checkpoints").toUri().toString()));
  }

  @Test
  void secretsFromTheEnvironmentAreNotInTheJobGraph() throws Exception {
    byte[] graph =
        jobGraph(
            args(),
            Map.of(
                "CLICKPULSE_PRIVACY_VISITOR_HASH_SECRET", VISITOR_SECRET,
                "CLICKPULSE_CLICKHOUSE_PASSWORD", PASSWORD));
    assertFalse(contains(graph, VISITOR_SECRET), "the visitor-hash secret is in the job graph");
    assertFalse(contains(graph, PASSWORD), "the ClickHouse password is in the job graph");
    assertTrue(
        contains(graph, "CLICKPULSE_CLICKHOUSE_PASSWORD"), "the graph says where to read it");
  }

  @Test
  void secretsFromTheConfigFileAreNotInTheJobGraph() throws Exception {
    Path config = dir.resolve("clickpulse.properties");
    Files.writeString(
        config,
        "privacy.visitor-hash-secret="
            + VISITOR_SECRET
            + "\nclickhouse.password="
            + PASSWORD
            + "\n");
    List<String> args = args();
    args.addAll(List.of("--config", config.toString()));
    byte[] graph = jobGraph(args, Map.of());
    assertFalse(contains(graph, VISITOR_SECRET));
    assertFalse(contains(graph, PASSWORD));
  }

  @Test
  void secretsPassedAsArgumentsAreFoundThere() throws Exception {
    List<String> args = args();
    args.addAll(
        List.of(
            "--privacy.visitor-hash-secret", VISITOR_SECRET, "--clickhouse.password", PASSWORD));
    byte[] graph = jobGraph(args, Map.of());
    assertTrue(contains(graph, VISITOR_SECRET), "an inline secret travels with the graph");
    assertTrue(contains(graph, PASSWORD));
  }

  private static byte[] jobGraph(List<String> args, Map<String, String> environment)
      throws Exception {
    ClickPipelineConfig config =
        ClickPipelineConfig.from(Settings.load(args.toArray(String[]::new), environment));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config);
    new ClickPipelineJob(config)
        .build(env, ClickPipelineJob.source(config), ClickPipelineSinks.of(config));
    JobGraph graph = env.getStreamGraph().getJobGraph();
    return InstantiationUtil.serializeObject(graph);
  }

  private static boolean contains(byte[] haystack, String needle) {
    byte[] n = needle.getBytes(StandardCharsets.UTF_8);
    outer:
    for (int i = 0; i + n.length <= haystack.length; i++) {
      for (int j = 0; j < n.length; j++) {
        if (haystack[i + j] != n[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
