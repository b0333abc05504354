package io.clickpulse.jobs.delivery;

import java.io.Serializable;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.util.TimeUtils;

/**
 * A feed of the delivery config's {@code feeds:} section (docs/delivery.md, "Feeds"): the JSON
 * records of one Kafka topic, posted in signed batches {@code {"feed": name, "items": [...]}} to
 * one webhook destination. The click feed and the CRM contact signals are two such feeds.
 */
public class FeedSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  public String name;
  public String topic;
  public String destination;

  /** Items per batch at most; a full batch goes at once. */
  public int batchSize = 50;

  /** The longest an item waits for its batch to fill. */
  public String maxWait = "5 s";

  /** Batches per second this feed sends at most; null: only the destination's limit applies. */
  public Double maxPerSecond;

  /** The item field that identifies it (receivers dedup on it); absent: its topic position. */
  public String idField = "id";

  /**
   * {@code batch}: {@code {"feed": name, "items": [...]}} per batch; {@code item}: each item alone,
   * unchanged, as the body, its id as the webhook-id (a CRM signal as docs/crm.md describes it).
   */
  public String body = BATCH;

  /** Only items whose top-level field has one of the listed values (all fields must match). */
  public Map<String, List<String>> match = new java.util.LinkedHashMap<>();

  public static final String BATCH = "batch";
  public static final String ITEM = "item";

  /** Items per notification: one each with {@code body: item}. */
  public int itemsPerBatch() {
    return ITEM.equals(body) ? 1 : batchSize;
  }

  /** Whether a parsed item passes {@code match}. */
  public boolean matches(com.fasterxml.jackson.databind.JsonNode item) {
    for (Map.Entry<String, List<String>> m : match.entrySet()) {
      com.fasterxml.jackson.databind.JsonNode v = item.get(m.getKey());
      if (v == null || !v.isValueNode() || !m.getValue().contains(v.asText())) {
        return false;
      }
    }
    return true;
  }

  public Duration maxWaitDuration() {
    return TimeUtils.parseDuration(maxWait);
  }

  /** The least time between two of this feed's batches, 0 for no limit of its own. */
  public long minIntervalMillis() {
    return maxPerSecond == null ? 0 : (long) Math.ceil(1000 / maxPerSecond);
  }

  static final int MAX_BATCH_SIZE = 1000;

  /** Checks every feed; each problem names its key ({@code feeds[0].batch-size ...}). */
  static void check(
      List<FeedSettings> feeds,
      Map<String, DeliveryConfig.Destination> destinations,
      List<String> problems) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < feeds.size(); i++) {
      FeedSettings f = feeds.get(i);
      String at = "feeds[" + i + "].";
      if (f == null) {
        problems.add("feeds[" + i + "] is empty");
        continue;
      }
      if (f.name == null || !f.name.matches("[a-z0-9][a-z0-9_.-]{0,63}")) {
        problems.add(at + "name must be 1-64 of a-z, 0-9, '_', '.', '-', was '" + f.name + "'");
      } else if (!names.add(f.name)) {
        problems.add(at + "name '" + f.name + "' is used by an earlier feed");
      }
      if (f.topic == null || f.topic.isBlank()) {
        problems.add(at + "topic is required");
      }
      DeliveryConfig.Destination d = f.destination == null ? null : destinations.get(f.destination);
      if (d == null) {
        problems.add(at + "destination: unknown destination '" + f.destination + "'");
      } else if (!"webhook".equals(d.type)) {
        problems.add(
            at
                + "destination '"
                + f.destination
                + "' must be of type webhook (feeds post signed JSON batches), was "
                + d.type);
      }
      if (f.batchSize < 1 || f.batchSize > MAX_BATCH_SIZE) {
        problems.add(
            at + "batch-size must be between 1 and " + MAX_BATCH_SIZE + ", was " + f.batchSize);
      }
      try {
        Duration wait = f.maxWaitDuration();
        if (wait.isNegative() || wait.isZero()) {
          problems.add(at + "max-wait must be positive, was '" + f.maxWait + "'");
        }
      } catch (RuntimeException e) {
        problems.add(at + "max-wait is not a duration like '5 s': '" + f.maxWait + "'");
      }
      if (f.maxPerSecond != null && !(f.maxPerSecond > 0)) {
        problems.add(at + "max-per-second must be positive, was " + f.maxPerSecond);
      }
      if (f.idField == null || f.idField.isBlank()) {
        problems.add(at + "id-field must name a field");
      }
      if (!BATCH.equals(f.body) && !ITEM.equals(f.body)) {
        problems.add(at + "body must be batch or item, was '" + f.body + "'");
      }
      if (f.match == null) {
        problems.add(at + "match must map item fields to lists of values");
      } else {
        f.match.forEach(
            (field, values) -> {
              if (field.isBlank() || values == null || values.isEmpty()) {
                problems.add(at + "match." + field + " must list at least one value");
              }
            });
      }
    }
  }
}
