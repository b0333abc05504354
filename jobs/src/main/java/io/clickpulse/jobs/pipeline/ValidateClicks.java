package io.clickpulse.jobs.pipeline;

import io.clickpulse.udf.event.ClickEvent;
import io.clickpulse.udf.event.ClickEventParser;
import io.clickpulse.udf.event.ParseResult;
import io.clickpulse.udf.event.RejectReason;
import io.clickpulse.udf.event.ValidationLimits;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Parses and validates raw records; rejects go to {@link DeadLetters#TAG} with a reason code. */
public class ValidateClicks extends ProcessFunction<RawRecord, ClickEvent> {
  private final ValidationLimits limits;

  private transient ClickEventParser parser;
  private transient PipelineCounter received;

  public ValidateClicks(ValidationLimits limits) {
    this.limits = limits;
  }

  @Override
  public void open(OpenContext openContext) {
    parser = new ClickEventParser(limits);
    received = PipelineCounter.register(getRuntimeContext(), Counters.RECEIVED);
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<ClickEvent> out) {
    received.inc();
    ParseResult result;
    try {
      result = parser.parse(record.value, record.timestamp);
    } catch (RuntimeException e) {
      // The parser maps every known defect to a reason; anything else is our bug, not the record's.
      result = ParseResult.rejected(RejectReason.PROCESSING_ERROR, e.toString());
    }
    if (result.isValid()) {
      ClickEvent event = result.event();
      event.sourcePartition = record.partition;
      event.sourceOffset = record.offset;
      out.collect(event);
    } else {
      ctx.output(
          DeadLetters.TAG,
          DeadLetter.of(
              result.rejection().reason(),
              result.rejection().detail(),
              record,
              DeadLetters.MAX_PAYLOAD_BYTES));
    }
  }
}
