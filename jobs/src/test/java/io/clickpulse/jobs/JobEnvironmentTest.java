package io.clickpulse.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.settings.ConfigException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.rocksdb.CompressionType;

/**
 * Where checkpoints go: the job's setting, else the cluster's, else a clear refusal to start; the
 * pause between checkpoints; how RocksDB compresses.
 */
class JobEnvironmentTest {
  private static final Map<String, String> REQUIRED =
      Map.of(
          "kafka.bootstrap-servers", "127.0.0.1:9092",
          "clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/clickpulse",
          "privacy.visitor-hash-secret", "0123456789abcdef0123");

  @Test
  void refusesToStartWithoutACheckpointDirectory() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () ->
                JobEnvironment.configure(
                    StreamExecutionEnvironment.getExecutionEnvironment(), config(Map.of())));
    assertTrue(e.getMessage().contains("'checkpoint.dir'"), e.getMessage());
  }

  @Test
  void usesTheConfiguredDirectories() {
    StreamExecutionEnvironment env =
        configured(Map.of("checkpoint.dir", "file:///data/cp", "savepoint.dir", "file:///data/sp"));
    assertEquals(
        "file:///data/cp", env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
    assertEquals(
        "file:///data/sp", env.getConfiguration().get(CheckpointingOptions.SAVEPOINT_DIRECTORY));
  }

  @Test
  void acceptsTheClustersDirectory() {
    Configuration cluster = new Configuration();
    cluster.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, "s3://bucket/checkpoints");
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
    JobEnvironment.configure(env, config(Map.of()));
    assertEquals(
        "s3://bucket/checkpoints",
        env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY));
  }

  /** The checkpoint coordinator keeps the pause; none unless set. */
  @Test
  void pausesBetweenCheckpointsOnlyWhenAsked() {
    StreamExecutionEnvironment paused =
        configured(Map.of("checkpoint.dir", "file:///data/cp", "checkpoint.min-pause", "15 s"));
    assertEquals(15_000, paused.getCheckpointConfig().getMinPauseBetweenCheckpoints());

    StreamExecutionEnvironment unpaused = configured(Map.of("checkpoint.dir", "file:///data/cp"));
    assertEquals(0, unpaused.getCheckpointConfig().getMinPauseBetweenCheckpoints());
  }

  /** Zstandard keeps a remembered event id within 32 bytes (microbench's dedup state table). */
  @Test
  void compressesRocksDbBlocksWithZstandard() {
    StreamExecutionEnvironment env = configured(Map.of("checkpoint.dir", "file:///data/cp"));
    assertEquals(
        List.of(CompressionType.ZSTD_COMPRESSION),
        env.getConfiguration().get(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL));
  }

  /**
   * Operator state restores in blocks (Snappy frames) rather than a read() call per byte, which
   * kept tasks 20-30 s in INITIALIZING after a TaskManager loss (docs/reliability.md, scenario 1).
   */
  @Test
  void snapshotsOperatorStateFramedSoThatRestoresReadBlocks() {
    StreamExecutionEnvironment env = configured(Map.of("checkpoint.dir", "file:///data/cp"));
    assertTrue(env.getConfig().isUseSnapshotCompression());
  }

  /** A new environment configured by the pipeline's settings plus {@code extra}. */
  private static StreamExecutionEnvironment configured(Map<String, String> extra) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    JobEnvironment.configure(env, config(extra));
    return env;
  }

  private static ClickPipelineConfig config(Map<String, String> extra) {
    Map<String, String> values = new HashMap<>(REQUIRED);
    values.putAll(extra);
    return ClickPipelineConfig.from(values);
  }
}
