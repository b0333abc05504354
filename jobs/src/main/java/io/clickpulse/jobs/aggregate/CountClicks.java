package io.clickpulse.jobs.aggregate;

import io.clickpulse.udf.enrich.EnrichedClick;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Incremental counting per window: the window keeps one {@link ClickCounts}, not the clicks. */
public class CountClicks implements AggregateFunction<EnrichedClick, ClickCounts, ClickCounts> {
  @Override
  public ClickCounts createAccumulator() {
    return new ClickCounts();
  }

  @Override
  public ClickCounts add(EnrichedClick click, ClickCounts counts) {
    return counts.add(click);
  }

  @Override
  public ClickCounts getResult(ClickCounts counts) {
    return counts;
  }

  @Override
  public ClickCounts merge(ClickCounts a, ClickCounts b) {
    return a.merge(b);
  }
}
