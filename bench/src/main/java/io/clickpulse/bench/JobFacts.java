package io.clickpulse.bench;

import java.util.Map;

/**
 * What a Flink job reported besides its rows: its accumulators at the end, and the state size of
 * each job vertex (operator chain) in one completed checkpoint.
 *
 * @param accumulators by name, from the job's result (empty if it was cancelled)
 * @param stateBytes full checkpointed state size per vertex name (all subtasks)
 * @param checkpointId the checkpoint {@code stateBytes} is from, -1 if none completed
 */
record JobFacts(Map<String, Object> accumulators, Map<String, Long> stateBytes, long checkpointId) {
  /** An accumulator's value, null if the job has none of that name. */
  Long accumulator(String name) {
    Object value = accumulators.get(name);
    return value instanceof Number n ? n.longValue() : null;
  }

  /**
   * State bytes of the vertices that hold operator {@code name} (a chain is named after its
   * operators, "a -> b"), null if no vertex does.
   */
  Long stateOf(String name) {
    Long sum = null;
    for (var vertex : stateBytes.entrySet()) {
      if (vertex.getKey().contains(name)) {
        sum = (sum == null ? 0 : sum) + vertex.getValue();
      }
    }
    return sum;
  }
}
