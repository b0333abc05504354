package io.clickpulse.jobs.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Passes records on, counting them by a key (a reason, an outcome) in counters named {@code prefix
 * + key}. The keys known in advance report 0 until they happen; a key first seen later gets its
 * counter then, rather than failing the task on every replay.
 */
public class CountByKey<T> extends RichMapFunction<T, T> {
  private final String prefix;
  private final List<String> known;
  private final SerializableFunction<T, String> key;
  private transient Map<String, PipelineCounter> counters;

  public CountByKey(String prefix, List<String> known, SerializableFunction<T, String> key) {
    this.prefix = prefix;
    this.known = List.copyOf(known);
    this.key = key;
  }

  @Override
  public void open(OpenContext openContext) {
    counters = new HashMap<>();
    known.forEach(this::counter);
  }

  @Override
  public T map(T record) {
    counter(key.apply(record)).inc();
    return record;
  }

  private PipelineCounter counter(String k) {
    return counters.computeIfAbsent(
        k, name -> PipelineCounter.register(getRuntimeContext(), prefix + name));
  }
}
