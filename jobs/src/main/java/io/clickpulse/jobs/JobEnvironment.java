package io.clickpulse.jobs;

import io.clickpulse.jobs.config.CheckpointSettings;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.jobs.settings.ConfigException;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.rocksdb.CompressionType;

/** Checkpointing and state settings every ClickPulse job shares. */
public final class JobEnvironment {
  /**
   * RocksDB's block compression for every level. Zstandard rather than the default Snappy: most of
   * a dedup entry is random bits that no LZ coder shortens, but its entropy coding also squeezes
   * the TTL timestamps' common high bytes and the short key prefixes (see microbench's dedup
   * table).
   */
  public static final CompressionType ROCKSDB_COMPRESSION = CompressionType.ZSTD_COMPRESSION;

  private JobEnvironment() {}

  /** {@link #configure(StreamExecutionEnvironment, CheckpointSettings, int)} for the pipeline. */
  public static void configure(StreamExecutionEnvironment env, ClickPipelineConfig config) {
    configure(env, config.checkpoint(), config.parallelism());
  }

  /**
   * Sets the state backend, checkpointing and parallelism; fails with a message naming {@code
   * checkpoint.dir} when neither the configuration nor the cluster says where checkpoints go
   * (without one, checkpoints of more than a few MB fail and the job restarts forever).
   */
  public static void configure(
      StreamExecutionEnvironment env, CheckpointSettings checkpoint, int parallelism) {
    Configuration conf = new Configuration();
    // RocksDB keeps the dedup state (24 h of event ids) off the heap; incremental checkpoints keep
    // checkpoint time flat as that state grows.
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    // Chained operators hand records on without a deep copy per consumer; safe because no
    // operator changes a record it received or keeps one across calls (buffering operators sit
    // behind a network shuffle, whose records are always fresh; the JDBC sinks copy what they
    // batch, except the clicks sink: the stages before it never change a click once emitted).
    conf.set(PipelineOptions.OBJECT_REUSE, true);
    conf.set(RocksDBConfigurableOptions.COMPRESSION_PER_LEVEL, List.of(ROCKSDB_COMPRESSION));
    // Snappy-framed operator state: uncompressed, Flink restores it a byte per read() call from
    // the checkpoint file (a system call each on a local or mounted file system), which held the
    // operators with heap snapshots (open minutes, clicks waiting for the watermark) 20-30 s in
    // INITIALIZING after a TaskManager loss; framed, it reads 64 KiB blocks.
    conf.set(ExecutionOptions.SNAPSHOT_COMPRESSION, true);
    if (checkpoint.dir() != null) {
      conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
      conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoint.dir());
    } else if (env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY) == null) {
      throw new ConfigException(
          List.of(
              "'checkpoint.dir' is not set and the cluster has no execution.checkpointing.dir:"
                  + " set it to a durable directory the JobManager and every TaskManager can"
                  + " reach (file:///..., s3://..., hdfs://...); without one, checkpoints fail"
                  + " once state passes a few MB"));
    }
    conf.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, checkpoint.minPause());
    if (checkpoint.savepointDir() != null) {
      conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, checkpoint.savepointDir());
    }
    env.configure(conf);
    env.enableCheckpointing(checkpoint.interval().toMillis());
    if (parallelism > 0) {
      env.setParallelism(parallelism);
    }
  }
}
