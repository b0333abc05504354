package io.clickpulse.jobs;

import io.clickpulse.jobs.config.ClickPipelineConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Checkpointing and state settings every ClickPulse job shares. */
public final class JobEnvironment {
  private JobEnvironment() {}

  public static void configure(StreamExecutionEnvironment env, ClickPipelineConfig config) {
    Configuration conf = new Configuration();
    // RocksDB keeps the dedup state (24 h of event ids) off the heap; incremental checkpoints keep
    // checkpoint time flat as that state grows.
    conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    env.configure(conf);
    env.enableCheckpointing(config.checkpointInterval().toMillis());
    if (config.parallelism() > 0) {
      env.setParallelism(config.parallelism());
    }
  }
}
