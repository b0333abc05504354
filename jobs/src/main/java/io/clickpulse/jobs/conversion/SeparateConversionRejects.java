package io.clickpulse.jobs.conversion;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.udf.conversion.ConversionEvent;
import io.clickpulse.udf.conversion.ConversionRejectReason;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the conversion records the source parsed ({@code conversions_received}) and the rejected
 * ones by reason ({@code conversions_rejected_<reason>}); valid events on, rejects to {@link
 * DeadLetters#TAG}. Counted here, like the link rejects, because the click path's dead-letter
 * counter knows only click reasons.
 */
public class SeparateConversionRejects extends ProcessFunction<ParsedConversion, ConversionEvent> {
  public static final String RECEIVED = "conversions_received";

  private transient PipelineCounter received;
  private transient Map<String, PipelineCounter> rejected;

  public static String rejected(ConversionRejectReason reason) {
    return "conversions_rejected_" + reason.code();
  }

  @Override
  public void open(OpenContext openContext) {
    received = PipelineCounter.register(getRuntimeContext(), RECEIVED);
    rejected = new HashMap<>();
    for (ConversionRejectReason reason : ConversionRejectReason.values()) {
      rejected.put(reason.code(), PipelineCounter.register(getRuntimeContext(), rejected(reason)));
    }
  }

  @Override
  public void processElement(ParsedConversion record, Context ctx, Collector<ConversionEvent> out) {
    received.inc();
    if (record.isValid()) {
      out.collect(record.event);
    } else {
      rejected.get(record.deadLetter.reason).inc();
      ctx.output(DeadLetters.TAG, record.deadLetter);
    }
  }
}
