package io.clickpulse.jobs.link;

import io.clickpulse.jobs.json.JsonSerialization;
import io.clickpulse.udf.enrich.EnrichedClick;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.Collector;

/**
 * The click feed (issue #18, docs/delivery.md "Feeds"): the judged clicks (catalog joined, bots by
 * behaviour marked) that {@link ClickFeedFilter} selects, as {@link ClickFeedItem}s for the {@code
 * click_feed} topic, which the delivery job batches to webhooks.
 */
public final class ClickFeed {
  private ClickFeed() {}

  public static SingleOutputStreamOperator<ClickFeedItem> apply(
      DataStream<EnrichedClick> judged, ClickFeedFilter filter) {
    return judged.flatMap(new Select(filter)).name("click-feed").uid("click-feed");
  }

  /** The selected clicks as feed items. */
  static final class Select implements FlatMapFunction<EnrichedClick, ClickFeedItem> {
    private final ClickFeedFilter filter;

    Select(ClickFeedFilter filter) {
      this.filter = filter;
    }

    @Override
    public void flatMap(EnrichedClick click, Collector<ClickFeedItem> out) {
      if (filter.matches(click)) {
        out.collect(ClickFeedItem.of(click));
      }
    }
  }

  /** Items as JSON. */
  public static class ItemJson extends JsonSerialization<ClickFeedItem> {}

  /** Keyed by link id: a link's clicks stay in one partition, in order. */
  public static class LinkKey implements SerializationSchema<ClickFeedItem> {
    @Override
    public byte[] serialize(ClickFeedItem item) {
      return item.linkId == null ? null : item.linkId.getBytes(StandardCharsets.UTF_8);
    }
  }
}
