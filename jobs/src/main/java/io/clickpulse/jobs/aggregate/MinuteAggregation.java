package io.clickpulse.jobs.aggregate;

import io.clickpulse.jobs.pipeline.Counters;
import io.clickpulse.jobs.pipeline.PipelineCounter;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;

/**
 * One-minute tumbling aggregates in event time: test traffic filtered out (and counted), late
 * events within the allowed lateness re-fire their window, later ones go to {@link #TOO_LATE}.
 */
public final class MinuteAggregation {
  /**
   * Events later than the allowed lateness; they are in the raw table but in no minute aggregate.
   */
  public static final OutputTag<EnrichedClick> TOO_LATE = new OutputTag<>("too-late") {};

  /**
   * @param outOfOrderness how far events may arrive out of order without being late
   * @param allowedLateness how long after a window closes late events still correct it
   * @param idleTimeout after this long without events an input stops holding back the watermark
   * @param maxClockLead how far an event may be ahead of its partition's recent event times and
   *     still advance the watermark (see {@link io.clickpulse.udf.event.EventTimeProgress})
   */
  public record Settings(
      Duration outOfOrderness,
      Duration allowedLateness,
      Duration idleTimeout,
      Duration maxClockLead)
      implements java.io.Serializable {}

  private MinuteAggregation() {}

  /**
   * The clicks that aggregates and alerts see: test traffic dropped (and counted). Timestamps and
   * watermarks come from the source ({@code pipeline.ClickWatermarks}).
   */
  public static DataStream<EnrichedClick> withoutTestTraffic(DataStream<EnrichedClick> clicks) {
    return clicks.filter(new DropTestTraffic()).name("drop-test-traffic").uid("drop-test-traffic");
  }

  /**
   * Returns the minute aggregates of clicks {@link #withoutTestTraffic}; {@link #TOO_LATE} holds
   * the too-late clicks.
   */
  public static SingleOutputStreamOperator<MinuteAggregate> apply(
      DataStream<EnrichedClick> clicks, Settings settings) {
    return clicks
        .keyBy(MinuteKey::of)
        .window(TumblingEventTimeWindows.of(Duration.ofMinutes(1)))
        .allowedLateness(settings.allowedLateness())
        .sideOutputLateData(TOO_LATE)
        .aggregate(new CountClicks(), new EmitMinuteAggregate())
        .name("minute-aggregates")
        .uid("minute-aggregates");
  }

  /** Keeps test traffic out of the aggregates, counting it. */
  static class DropTestTraffic extends RichFilterFunction<EnrichedClick> {
    private transient PipelineCounter testEvents;

    @Override
    public void open(OpenContext openContext) {
      testEvents = PipelineCounter.register(getRuntimeContext(), Counters.TEST_EVENTS);
    }

    @Override
    public boolean filter(EnrichedClick click) {
      if (click.click.isTest) {
        testEvents.inc();
        return false;
      }
      return true;
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
