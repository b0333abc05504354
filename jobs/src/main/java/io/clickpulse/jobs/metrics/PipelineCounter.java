package io.clickpulse.jobs.metrics;

import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;

/**
 * One count the pipeline keeps, reported two ways: a Flink metric (group {@code clickpulse}) for
 * monitoring a running job, and an accumulator of the same name whose final value a bounded run
 * (tests, the local command) reads from the job result to reconcile its counts.
 */
public final class PipelineCounter {
  public static final String METRIC_GROUP = "clickpulse";

  private final Counter metric;
  private final LongCounter accumulator = new LongCounter();

  private PipelineCounter(Counter metric) {
    this.metric = metric;
  }

  /** Registers the counter {@code name} in {@code context}; call from {@code open}. */
  public static PipelineCounter register(RuntimeContext context, String name) {
    PipelineCounter counter =
        new PipelineCounter(context.getMetricGroup().addGroup(METRIC_GROUP).counter(name));
    context.addAccumulator(name, counter.accumulator);
    return counter;
  }

  public void inc() {
    metric.inc();
    accumulator.add(1L);
  }
}
