package io.clickpulse.microbench.state;

import io.clickpulse.jobs.pipeline.DeduplicateClicks;
import io.clickpulse.udf.event.ClickEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;

/**
 * How the dedup operator is keyed. The production job keys by the event id string; the prototypes
 * key the very same {@link DeduplicateClicks} function by a hash of the id instead (the function
 * never reads its key, so only the {@code keyBy} changes).
 *
 * @param <K> the key type
 */
public record DedupLayout<K>(
    String name,
    String description,
    KeySelector<ClickEvent, K> keySelector,
    TypeInformation<K> keyType) {

  /** The production layout: {@code keyBy(event -> event.eventId)}. */
  public static final DedupLayout<String> CURRENT =
      new DedupLayout<>(
          "current", "key = event_id string (production)", e -> e.eventId, Types.STRING);

  /** Prototype: the first 8 bytes of SHA-256(event_id) as a long key. */
  public static final DedupLayout<Long> HASH64 =
      new DedupLayout<>(
          "hash64",
          "key = 64-bit hash of event_id (prototype)",
          e -> IdHash.of(e.eventId).f0,
          Types.LONG);

  /** Prototype: the first 16 bytes of SHA-256(event_id) as a pair of longs. */
  public static final DedupLayout<Tuple2<Long, Long>> HASH128 =
      new DedupLayout<>(
          "hash128",
          "key = 128-bit hash of event_id (prototype)",
          e -> IdHash.of(e.eventId),
          Types.TUPLE(Types.LONG, Types.LONG));

  /** The production function, typed for this layout's key (it never reads the key). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  KeyedProcessFunction<K, ClickEvent, ClickEvent> function(Duration ttl, String topic) {
    return (KeyedProcessFunction) new DeduplicateClicks(ttl, topic);
  }

  /** SHA-256 of an event id, first 128 bits. */
  static final class IdHash {
    private static final ThreadLocal<MessageDigest> SHA256 =
        ThreadLocal.withInitial(
            () -> {
              try {
                return MessageDigest.getInstance("SHA-256");
              } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
              }
            });

    private IdHash() {}

    static Tuple2<Long, Long> of(String eventId) {
      byte[] d = SHA256.get().digest(eventId.getBytes(StandardCharsets.UTF_8));
      return Tuple2.of(longAt(d, 0), longAt(d, 8));
    }

    private static long longAt(byte[] bytes, int offset) {
      long value = 0;
      for (int i = offset; i < offset + 8; i++) {
        value = (value << 8) | (bytes[i] & 0xff);
      }
      return value;
    }
  }
}
