package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.event.RejectReason;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Counts dead letters by reason on their way to the dead-letter topic: one place sees every reject,
 * whichever step produced it.
 */
public class CountDeadLetters extends RichMapFunction<DeadLetter, DeadLetter> {
  private transient Map<String, PipelineCounter> byReason;

  @Override
  public void open(OpenContext openContext) {
    byReason = new HashMap<>();
    for (RejectReason reason : RejectReason.values()) {
      byReason.put(
          reason.code(), PipelineCounter.register(getRuntimeContext(), Counters.rejected(reason)));
    }
  }

  @Override
  public DeadLetter map(DeadLetter deadLetter) {
    // Every click reason is registered up front (so each reports 0 until it happens); a code from
    // elsewhere gets its counter when first seen rather than failing the task on every replay.
    byReason
        .computeIfAbsent(
            deadLetter.reason,
            code -> PipelineCounter.register(getRuntimeContext(), Counters.rejected(code)))
        .inc();
    return deadLetter;
  }
}
