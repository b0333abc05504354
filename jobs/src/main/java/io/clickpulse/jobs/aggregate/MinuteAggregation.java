package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * One-minute tumbling aggregates in event time. Test traffic is filtered out (and counted); clicks
 * the source found too late for their minute go to {@link #TOO_LATE}; late events within the
 * allowed lateness re-fire their window.
 */
public final class MinuteAggregation {
  /**
   * Events later than the allowed lateness; they are in the raw table but in no minute aggregate.
   */
  public static final OutputTag<EnrichedClick> TOO_LATE = new OutputTag<>("too-late") {};

  private MinuteAggregation() {}

  /**
   * The clicks that aggregates and alerts see: test traffic dropped (and counted), too-late clicks
   * (decided at the source, per partition: {@code ClickEvent.tooLate}) on {@link #TOO_LATE}.
   */
  public static SingleOutputStreamOperator<EnrichedClick> onTime(DataStream<EnrichedClick> clicks) {
    return clicks.process(new SeparateTestAndTooLate()).name("on-time").uid("drop-test-traffic");
  }

  /**
   * The minute aggregates of {@link #onTime} clicks; {@link #TOO_LATE} holds clicks the window
   * still finds too late (none when the source decided lateness, kept as a safety net).
   */
  public static SingleOutputStreamOperator<MinuteAggregate> apply(
      DataStream<EnrichedClick> clicks, Duration allowedLateness) {
    return clicks
        .keyBy(MinuteKey::of)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
        .allowedLateness(allowedLateness)
        .sideOutputLateData(TOO_LATE)
        .aggregate(new CountClicks(), new EmitMinuteAggregate())
        .name("minute-aggregates")
        .uid("minute-aggregates");
  }

  /** Keeps test traffic out of the aggregates, counting it, and too-late clicks on the side. */
  static class SeparateTestAndTooLate extends ProcessFunction<EnrichedClick, EnrichedClick> {
    private transient PipelineCounter testEvents;

    @Override
    public void open(OpenContext openContext) {
      testEvents = PipelineCounter.register(getRuntimeContext(), Counters.TEST_EVENTS);
    }

    @Override
    public void processElement(EnrichedClick click, Context ctx, Collector<EnrichedClick> out) {
      if (click.click.isTest) {
        testEvents.inc();
      } else if (click.click.tooLate) {
        ctx.output(TOO_LATE, click);
      } else {
        out.collect(click);
      }
    }
  }

  /** Counts too-late clicks on their way to the late-clicks table. */
  public static class CountTooLate extends RichMapFunction<EnrichedClick, EnrichedClick> {
    private transient PipelineCounter tooLate;

    @Override
    public void open(OpenContext openContext) {
      tooLate = PipelineCounter.register(getRuntimeContext(), Counters.TOO_LATE);
    }

    @Override
    public EnrichedClick map(EnrichedClick click) {
      tooLate.inc();
      return click;
    }
  }
}
