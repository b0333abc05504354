package io.clickpulse.jobs.state;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * Per-key entries an operator keeps on the heap (open minutes, clicks waiting for the watermark),
 * checkpointed as union list state: after rescaling every task sees all entries and {@link
 * #restored} keeps the ones whose key this task now owns. For small sets only: every task reads
 * them all on restore.
 */
public final class UnionSnapshot<T> {
  private final ListState<T> state;
  private final List<T> restored = new ArrayList<>();

  private UnionSnapshot(ListState<T> state) {
    this.state = state;
  }

  /** Registers the state {@code name} and reads this task's entries if the operator restores. */
  public static <T> UnionSnapshot<T> register(
      StateInitializationContext context,
      TaskInfo task,
      String name,
      Class<T> type,
      Function<T, Object> key)
      throws Exception {
    UnionSnapshot<T> snapshot =
        new UnionSnapshot<>(
            context
                .getOperatorStateStore()
                .getUnionListState(new ListStateDescriptor<>(name, type)));
    if (context.isRestored()) {
      for (T entry : snapshot.state.get()) {
        int owner =
            KeyGroupRangeAssignment.assignKeyToParallelOperator(
                key.apply(entry),
                task.getMaxNumberOfParallelSubtasks(),
                task.getNumberOfParallelSubtasks());
        if (owner == task.getIndexOfThisSubtask()) {
          snapshot.restored.add(entry);
        }
      }
    }
    return snapshot;
  }

  /** This task's entries from the checkpoint restored; empty on a fresh start. */
  public List<T> restored() {
    return restored;
  }

  /** Replaces the checkpointed entries; call from {@code snapshotState}. */
  public void update(List<T> entries) throws Exception {
    state.update(entries);
  }
}
