package io.clickpulse.microbench.state;

import io.clickpulse.jobs.JobEnvironment;
import io.clickpulse.jobs.config.ClickPipelineConfig;
import io.clickpulse.microbench.Progress;
import io.clickpulse.udf.event.ClickEvent;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.SavepointType;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.runtime.state.storage.FileSystemCheckpointStorage;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Feeds N distinct event ids through the dedup operator on the RocksDB backend configured as the
 * job configures it ({@link JobEnvironment}), then measures what it remembers: exact key and value
 * bytes, SST files after a full compaction, an incremental checkpoint and a canonical savepoint.
 */
public final class DedupStateProbe {
  /** Flink's default max parallelism for jobs up to 128 subtasks: one key-group prefix byte. */
  static final int MAX_PARALLELISM = 128;

  /**
   * Managed memory of the task slot, which RocksDB sizes its memtables and block cache from. A
   * small TaskManager slot's share; the harness default (a few MiB) makes RocksDB flush every few
   * kilobytes.
   */
  static final long MANAGED_MEMORY = 256L << 20;

  /** The state name {@code DeduplicateClicks} registers. */
  static final String STATE_NAME = "seen-content-hash";

  /** Processing time the TTL sees when the first id arrives. */
  private static final long TTL_START = 1_790_000_000_000L;

  /** What one probe measured. */
  public record Measurement(
      String layout,
      EventIds ids,
      long n,
      long passed,
      double loadSeconds,
      RocksDbView.Scan scan,
      long sstBytes,
      long liveDataBytes,
      long checkpointBytes,
      long savepointBytes) {
    public double perId(long bytes) {
      return (double) bytes / n;
    }

    public double keyBytesPerId() {
      return (double) scan.keyBytes() / scan.entries();
    }

    public double valueBytesPerId() {
      return (double) scan.valueBytes() / scan.entries();
    }
  }

  private DedupStateProbe() {}

  /**
   * Measures one layout; {@code backendOptions} are set over the job's configuration (e.g. another
   * {@code state.backend.rocksdb.compression.per.level}), empty for the job's own.
   */
  public static <K> Measurement measure(
      DedupLayout<K> layout, EventIds ids, long n, Path dir, Map<String, String> backendOptions)
      throws Exception {
    ClickPipelineConfig config = pipelineConfig(dir);
    KeyedOneInputStreamOperatorTestHarness<K, ClickEvent, ClickEvent> harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(layout.function(config.dedup().ttl(), config.rawTopic())),
            layout.keySelector(),
            layout.keyType(),
            new MockEnvironmentBuilder()
                .setTaskName("deduplicate")
                .setManagedMemorySize(MANAGED_MEMORY)
                .setMaxParallelism(MAX_PARALLELISM)
                .setParallelism(1)
                .setSubtaskIndex(0)
                .build());
    harness.setStateBackend(stateBackend(config, dir.resolve("rocksdb"), backendOptions));
    harness.setCheckpointStorage(
        new FileSystemCheckpointStorage(dir.resolve("checkpoints").toUri()));
    harness.setStateTtlProcessingTime(TTL_START);
    harness.open();
    try {
      long start = System.nanoTime();
      long ttl = config.dedup().ttl().toMillis();
      long passed = feed(harness, ids, n, ttl);
      // Just before the first id expires: every id is remembered.
      long now = TTL_START + ttl - 1;
      harness.setStateTtlProcessingTime(now);
      double loadSeconds = (System.nanoTime() - start) / 1e9;

      RocksDbView rocks =
          RocksDbView.of(
              ((AbstractStreamOperator<?>) harness.getOperator()).getKeyedStateBackend(),
              STATE_NAME);
      rocks.flush();
      RocksDbView.Scan scan = rocks.scan();
      Progress.say("  state: loaded in %.1f s, entries read back; compacting", loadSeconds);
      rocks.compact();
      long sst = rocks.property("rocksdb.total-sst-files-size");
      long live = rocks.property("rocksdb.estimate-live-data-size");
      Progress.say("  state: compacted; checkpoint and savepoint");
      long checkpoint = harness.snapshot(1, now).getStateSize();
      long savepoint =
          harness
              .snapshotWithLocalState(
                  2, now, SavepointType.savepoint(SavepointFormatType.CANONICAL))
              .getJobManagerOwnedState()
              .getStateSize();
      return new Measurement(
          layout.name(), ids, n, passed, loadSeconds, scan, sst, live, checkpoint, savepoint);
    } finally {
      harness.close();
    }
  }

  /**
   * Sends n events with distinct ids, arriving evenly over the TTL so that the TTL timestamps
   * stored with them differ as in production; returns how many passed as new (n unless keys
   * collide).
   */
  private static long feed(
      KeyedOneInputStreamOperatorTestHarness<?, ClickEvent, ClickEvent> harness,
      EventIds ids,
      long n,
      long ttl)
      throws Exception {
    Random random = new Random(7);
    long passed = 0;
    long reportEvery = Math.max(n / 4, 1);
    for (long i = 0; i < n; i++) {
      ClickEvent event = new ClickEvent();
      event.eventId = ids.id(i, random);
      event.contentHash = random.nextLong();
      harness.setStateTtlProcessingTime(TTL_START + i * ttl / n);
      harness.processElement(event, 0);
      if ((i & 0x3fff) == 0x3fff) {
        passed += harness.getOutput().size();
        harness.getOutput().clear();
      }
      if ((i + 1) % reportEvery == 0) {
        Progress.say("  state: %,d / %,d ids", i + 1, n);
      }
    }
    return passed + harness.getOutput().size();
  }

  /** The job's settings with dummy endpoints: only the dedup TTL and state settings matter. */
  static ClickPipelineConfig pipelineConfig(Path dir) {
    return ClickPipelineConfig.from(
        Map.of(
            "kafka.bootstrap-servers", "127.0.0.1:9092",
            "clickhouse.url", "jdbc:clickhouse://127.0.0.1:8123/clickpulse",
            "privacy.visitor-hash-secret", "microbench-visitor-hash-secret",
            "checkpoint.dir", dir.resolve("checkpoints").toUri().toString()));
  }

  /** The state backend exactly as {@link JobEnvironment} configures it, files under {@code dir}. */
  static StateBackend stateBackend(
      ClickPipelineConfig config, Path dir, Map<String, String> backendOptions) throws Exception {
    StreamExecutionEnvironment env = new StreamExecutionEnvironment();
    JobEnvironment.configure(env, config);
    Configuration conf = Configuration.fromMap(env.getConfiguration().toMap());
    conf.addAll(Configuration.fromMap(backendOptions));
    conf.set(RocksDBOptions.LOCAL_DIRECTORIES, dir.toAbsolutePath().toString());
    return StateBackendLoader.loadStateBackendFromConfig(
        conf, DedupStateProbe.class.getClassLoader(), null);
  }
}
