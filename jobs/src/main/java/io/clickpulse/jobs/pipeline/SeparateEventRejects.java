package io.clickpulse.jobs.pipeline;

import io.clickpulse.jobs.metrics.PipelineCounter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Counts the records an input's source parsed ({@code <input>_received}) and the rejected ones by
 * reason ({@code <input>_rejected_<reason>}); valid events on, rejects to {@link DeadLetters#TAG}.
 * Counted here because the click path's dead-letter counter knows only click reasons.
 */
public class SeparateEventRejects<P extends ParsedEvent<E>, E> extends ProcessFunction<P, E>
    implements ResultTypeQueryable<E> {
  private final String input;
  private final List<String> reasonCodes;
  private final TypeInformation<E> eventType;

  private transient PipelineCounter received;
  private transient Map<String, PipelineCounter> rejected;

  /** {@code input} names the counters; {@code reasonCodes} are every code its rejects can have. */
  public SeparateEventRejects(String input, List<String> reasonCodes, Class<E> eventType) {
    this.input = input;
    this.reasonCodes = List.copyOf(reasonCodes);
    this.eventType = TypeInformation.of(eventType);
  }

  public String input() {
    return input;
  }

  public static String received(String input) {
    return input + "_received";
  }

  public static String rejected(String input, String reasonCode) {
    return input + "_rejected_" + reasonCode;
  }

  @Override
  public void open(OpenContext openContext) {
    received = PipelineCounter.register(getRuntimeContext(), received(input));
    rejected = new HashMap<>();
    for (String code : reasonCodes) {
      rejected.put(code, PipelineCounter.register(getRuntimeContext(), rejected(input, code)));
    }
  }

  @Override
  public void processElement(P record, Context ctx, Collector<E> out) {
    received.inc();
    if (record.isValid()) {
      out.collect(record.event);
    } else {
      rejected.get(record.deadLetter.reason).inc();
      ctx.output(DeadLetters.TAG, record.deadLetter);
    }
  }

  @Override
  public TypeInformation<E> getProducedType() {
    return eventType;
  }
}
