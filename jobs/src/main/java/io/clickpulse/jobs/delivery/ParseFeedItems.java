package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.jobs.kafka.RawRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * A feed topic's records as {@link FeedItem}s: any JSON object, identified by its {@code id-field}
 * (or, without one, by its topic position, which is as stable). A record that is not a JSON object
 * goes to the delivery dead letters, not away.
 */
public class ParseFeedItems extends ProcessFunction<RawRecord, FeedItem> {
  public static final OutputTag<DeliveryDeadLetter> UNREADABLE =
      new OutputTag<>("unreadable-feed-items") {};

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String feed;
  private final String idField;
  private final FeedSettings settings;

  public ParseFeedItems(FeedSettings feed) {
    this.feed = feed.name;
    this.idField = feed.idField;
    this.settings = feed;
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<FeedItem> out) {
    String position = record.topic + "/" + record.partition + "@" + record.offset;
    try {
      JsonNode item = record.value == null ? null : MAPPER.readTree(record.value);
      if (item == null || !item.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      if (!settings.matches(item)) {
        return; // another feed's (e.g. another route's), not this one's
      }
      JsonNode id = item.get(idField);
      String itemId = id != null && id.isValueNode() && !id.asText().isEmpty() ? id.asText() : null;
      out.collect(
          new FeedItem(feed, itemId == null ? position : itemId, MAPPER.writeValueAsString(item)));
    } catch (Exception e) {
      DeliveryDeadLetter d = new DeliveryDeadLetter();
      d.destination = "";
      d.webhookId = position;
      d.reason =
          "unreadable feed item ("
              + feed
              + "): "
              + (e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse(""));
      ctx.output(UNREADABLE, d);
    }
  }
}
