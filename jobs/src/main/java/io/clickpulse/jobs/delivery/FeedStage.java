package io.clickpulse.jobs.delivery;

import io.clickpulse.jobs.kafka.RawRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The feeds of the delivery job (docs/delivery.md, "Feeds"): each feed's topic → parse → batch per
 * feed → notifications for the delivery operator; unreadable records for the dead letters.
 */
public record FeedStage(
    DataStream<Notification> batches, DataStream<DeliveryDeadLetter> unreadable) {

  /** Null when no feed has a source: the job's graph stays the alerts' alone. */
  public static FeedStage build(
      StreamExecutionEnvironment env,
      List<FeedSettings> feeds,
      Map<String, Source<RawRecord, ?, ?>> sources) {
    DataStream<FeedItem> items = null;
    DataStream<DeliveryDeadLetter> unreadable = null;
    for (FeedSettings feed : feeds) {
      Source<RawRecord, ?, ?> source = sources.get(feed.name);
      if (source == null) {
        continue;
      }
      SingleOutputStreamOperator<FeedItem> parsed =
          env.fromSource(source, WatermarkStrategy.noWatermarks(), "feed-" + feed.name)
              .uid("source-feed-" + feed.name)
              .process(new ParseFeedItems(feed))
              .name("parse-feed-" + feed.name)
              .uid("parse-feed-" + feed.name);
      items = items == null ? parsed : items.union(parsed);
      DataStream<DeliveryDeadLetter> bad = parsed.getSideOutput(ParseFeedItems.UNREADABLE);
      unreadable = unreadable == null ? bad : unreadable.union(bad);
    }
    if (items == null) {
      return null;
    }
    SingleOutputStreamOperator<Notification> batches =
        items
            .keyBy(i -> i.feed)
            .process(new BatchFeedItems(feeds))
            .name("batch-feeds")
            .uid("batch-feeds");
    return new FeedStage(batches, unreadable);
  }
}
