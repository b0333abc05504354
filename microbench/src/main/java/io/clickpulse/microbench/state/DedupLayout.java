package io.clickpulse.microbench.state;

import io.clickpulse.jobs.pipeline.DeduplicateClicks;
import io.clickpulse.udf.event.ClickEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * How the dedup operator is keyed. Every layout runs the very same {@link DeduplicateClicks}
 * function (it never reads its key), so only the {@code keyBy} differs.
 *
 * @param <K> the key type
 */
public record DedupLayout<K>(
    String name,
    String description,
    KeySelector<ClickEvent, K> keySelector,
    TypeInformation<K> keyType) {

  /** The production layout: {@code keyBy(DeduplicateClicks::key, DeduplicateClicks.KEY_TYPE)}. */
  public static final DedupLayout<Tuple3<String, Long, Long>> CURRENT =
      new DedupLayout<>(
          "current",
          "key = (\"\", UUID as 2 longs), other ids (id, 0, 0) (production)",
          DeduplicateClicks::key,
          DeduplicateClicks.KEY_TYPE);

  /** The layout before issue 15: {@code keyBy(event -> event.eventId)}. */
  public static final DedupLayout<String> STRING =
      new DedupLayout<>("string", "key = event_id string (before)", e -> e.eventId, Types.STRING);

  /** The production function, typed for this layout's key (it never reads the key). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  KeyedProcessFunction<K, ClickEvent, ClickEvent> function(Duration ttl, String topic) {
    return (KeyedProcessFunction) new DeduplicateClicks(ttl, topic);
  }
}
