package io.clickpulse.jobs.state;

import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;

/** State conventions the pipeline's operators share. No domain. */
public final class KeyedState {
  private KeyedState() {}

  /**
   * Expiry {@code ttl} after the last write (processing time), never returning an expired value,
   * cleaned while accessed, in full snapshots and by RocksDB's compaction filter: no timer per key.
   */
  public static StateTtlConfig expiringAfterLastWrite(Duration ttl) {
    return StateTtlConfig.newBuilder(ttl)
        .updateTtlOnCreateAndWrite()
        .neverReturnExpired()
        .cleanupIncrementally(10, false)
        .cleanupFullSnapshot()
        .cleanupInRocksdbCompactFilter(1000)
        .build();
  }
}
