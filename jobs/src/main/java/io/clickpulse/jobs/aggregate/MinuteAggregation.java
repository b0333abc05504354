package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.metrics.Counters;
import io.clickpulse.jobs.metrics.PipelineCounter;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
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
   * The minute aggregates of {@link #onTime} clicks; {@link MinuteWindows#TOO_LATE} holds clicks
   * the windows still find too late (none when the source decided lateness, kept as a safety net).
   * Each click crosses the network to its aggregate as a small {@link MinuteClick}.
   */
  public static SingleOutputStreamOperator<MinuteAggregate> apply(
      DataStream<EnrichedClick> clicks, Duration allowedLateness) {
    return clicks
        .map(MinuteClick::of)
        .returns(MinuteClick.TYPE)
        .name("minute-clicks")
        .uid("minute-clicks")
        .keyBy(MinuteClick::key)
        .transform(
            "minute-aggregates",
            TypeInformation.of(MinuteAggregate.class),
            new MinuteWindows(allowedLateness))
        .uid("minute-windows");
  }

  /**
   * The clicks that are in no minute aggregate, as {@code late_clicks} records them: those the
   * source found too late and any the windows did.
   */
  public static DataStream<MinuteClick> tooLate(
      SingleOutputStreamOperator<EnrichedClick> onTime,
      SingleOutputStreamOperator<MinuteAggregate> minutes) {
    return onTime
        .getSideOutput(TOO_LATE)
        .map(MinuteClick::of)
        .name("too-late-clicks")
        .uid("too-late-clicks")
        .union(minutes.getSideOutput(MinuteWindows.TOO_LATE))
        .map(new CountTooLate())
        .name("count-too-late")
        .uid("count-too-late");
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
  static class CountTooLate extends RichMapFunction<MinuteClick, MinuteClick> {
    private transient PipelineCounter tooLate;

    @Override
    public void open(OpenContext openContext) {
      tooLate = PipelineCounter.register(getRuntimeContext(), Counters.TOO_LATE);
    }

    @Override
    public MinuteClick map(MinuteClick click) {
      tooLate.inc();
      return click;
    }
  }
}
