package io.clickpulse.jobs.aggregate;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Emits the window's counts with its key and start. Runs on the on-time firing and again, with the
 * corrected counts, for each late event within the allowed lateness; the ClickHouse table keeps the
 * latest firing per window and key.
 */
public class EmitMinuteAggregate
    extends ProcessWindowFunction<ClickCounts, MinuteAggregate, MinuteKey, TimeWindow> {
  @Override
  public void process(
      MinuteKey key,
      Context context,
      Iterable<ClickCounts> counts,
      Collector<MinuteAggregate> out) {
    out.collect(MinuteAggregate.of(context.window().getStart(), key, counts.iterator().next()));
  }
}
