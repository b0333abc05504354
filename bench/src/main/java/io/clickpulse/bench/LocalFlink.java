package io.clickpulse.bench;

import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Flink MiniCluster in this JVM for every measure, started once so that no measure pays for
 * starting Flink; jobs reach it through its REST endpoint on loopback, as they would a session
 * cluster. The job classes are on this JVM's class path, so no jar is shipped.
 */
final class LocalFlink implements AutoCloseable {
  private final MiniCluster cluster;
  private final URI rest;

  private LocalFlink(MiniCluster cluster, URI rest) {
    this.cluster = cluster;
    this.rest = rest;
  }

  /** A cluster of one TaskManager with {@code slots} slots, its files under {@code dir}. */
  static LocalFlink start(Path dir, int slots) throws Exception {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("512m"));
    // The dedup state of a million ids is far above the 5 MB a JobManager-held checkpoint allows.
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
    conf.set(CoreOptions.TMP_DIRS, dir.resolve("tmp").toString());
    // A failing job fails its measure at once instead of restarting forever.
    conf.setString("restart-strategy.type", "none");
    MiniCluster cluster =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
    cluster.start();
    return new LocalFlink(cluster, cluster.getRestAddress().get());
  }

  /** A fresh environment whose jobs run on this cluster. */
  StreamExecutionEnvironment environment() {
    return StreamExecutionEnvironment.createRemoteEnvironment(
        rest.getHost(), rest.getPort(), new Configuration());
  }

  String restUrl() {
    return rest.toString();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
