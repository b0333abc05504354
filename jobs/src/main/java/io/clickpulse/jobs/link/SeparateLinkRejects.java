package io.clickpulse.jobs.link;

import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.jobs.pipeline.DeadLetters;
import io.clickpulse.udf.link.LinkEvent;
import io.clickpulse.udf.link.LinkRejectReason;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the link records the source parsed ({@code links_received}) and the rejected ones by
 * reason ({@code links_rejected_<reason>}); valid events on, rejects to {@link DeadLetters#TAG}.
 * Counted here rather than in the click path's counter, which knows only click reasons.
 */
public class SeparateLinkRejects extends ProcessFunction<ParsedLink, LinkEvent> {
  public static final String RECEIVED = "links_received";

  private transient PipelineCounter received;
  private transient Map<String, PipelineCounter> rejected;

  public static String rejected(LinkRejectReason reason) {
    return "links_rejected_" + reason.code();
  }

  @Override
  public void open(OpenContext openContext) {
    received = PipelineCounter.register(getRuntimeContext(), RECEIVED);
    rejected = new HashMap<>();
    for (LinkRejectReason reason : LinkRejectReason.values()) {
      rejected.put(reason.code(), PipelineCounter.register(getRuntimeContext(), rejected(reason)));
    }
  }

  @Override
  public void processElement(ParsedLink record, Context ctx, Collector<LinkEvent> out) {
    received.inc();
    if (record.isValid()) {
      out.collect(record.event);
    } else {
      rejected.get(record.deadLetter.reason).inc();
      ctx.output(DeadLetters.TAG, record.deadLetter);
    }
  }
}
