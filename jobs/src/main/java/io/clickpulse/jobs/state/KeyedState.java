package io.clickpulse.jobs.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

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

  /**
   * The entries of a union list state that belong to this task: those whose key the task owns at
   * its current parallelism. Operators that keep per-key entries on the heap checkpoint them as
   * union state, so after rescaling every task sees all of them and keeps its own.
   */
  public static <T> List<T> ownedBy(TaskInfo task, Iterable<T> entries, Function<T, Object> key) {
    List<T> owned = new ArrayList<>();
    for (T entry : entries) {
      int owner =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(
              key.apply(entry),
              task.getMaxNumberOfParallelSubtasks(),
              task.getNumberOfParallelSubtasks());
      if (owner == task.getIndexOfThisSubtask()) {
        owned.add(entry);
      }
    }
    return owned;
  }
}
