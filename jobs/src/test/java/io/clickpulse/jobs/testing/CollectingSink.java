package io.clickpulse.jobs.testing;

import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink that keeps what it receives in this JVM, for MiniCluster tests of a whole graph (Flink's
 * test utilities have no sink-v2 collecting sink; {@code collectAsync()} needs a stream, not a
 * {@link Sink} to plug in). Every instance has its own list, read with {@link #collected()}.
 */
public final class CollectingSink<T> implements Sink<T> {
  private static final Map<String, Queue<Object>> RECEIVED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CollectingSink() {
    RECEIVED.put(id, new ConcurrentLinkedQueue<>());
  }

  /** What every parallel writer of this sink received so far. */
  @SuppressWarnings("unchecked")
  public List<T> collected() {
    return RECEIVED.get(id).stream().map(e -> (T) e).toList();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> received = RECEIVED.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        received.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
