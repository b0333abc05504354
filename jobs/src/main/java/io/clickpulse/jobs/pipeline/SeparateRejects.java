package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.event.ClickEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the records the source parsed and passes valid events on; rejects go to {@link
 * DeadLetters#TAG}.
 */
public class SeparateRejects extends ProcessFunction<ParsedRecord, ClickEvent> {
  private transient PipelineCounter received;

  @Override
  public void open(OpenContext openContext) {
    received = PipelineCounter.register(getRuntimeContext(), Counters.RECEIVED);
  }

  @Override
  public void processElement(ParsedRecord record, Context ctx, Collector<ClickEvent> out) {
    received.inc();
    if (record.isValid()) {
      out.collect(record.event);
    } else {
      ctx.output(DeadLetters.TAG, record.deadLetter);
    }
  }
}
