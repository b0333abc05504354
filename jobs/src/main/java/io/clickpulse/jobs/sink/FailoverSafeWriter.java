package io.clickpulse.jobs.sink;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connector's stateful, committing sink writer, except that {@link #close()} never throws.
 *
 * <p>Flink closes a task's operators while it handles the task's failure; an exception from that
 * close escapes the failure handler, and Flink treats it as fatal: the TaskManager JVM exits and
 * takes every job on it along. Connectors throw there when what they write to is down:
 * flink-connector-jdbc flushes its batch once more, flink-connector-kafka rethrows a send that
 * failed (seen with ClickHouse stopped for a minute and with Kafka down longer than a send may
 * wait, docs/reliability.md). Dropping what {@code close()} could not write is safe: Flink flushes
 * writers before every checkpoint barrier and at the end of input, so it belongs to no completed
 * checkpoint and is written again after the restart.
 *
 * @param <W> the connector's writer
 */
public final class FailoverSafeWriter<
        T, S, C, W extends StatefulSinkWriter<T, S> & CommittingSinkWriter<T, C>>
    implements StatefulSinkWriter<T, S>, CommittingSinkWriter<T, C> {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSafeWriter.class);

  private final W writer;

  public FailoverSafeWriter(W writer) {
    this.writer = writer;
  }

  @Override
  public void write(T element, Context context) throws IOException, InterruptedException {
    writer.write(element, context);
  }

  @Override
  public void flush(boolean endOfInput) throws IOException, InterruptedException {
    writer.flush(endOfInput);
  }

  @Override
  public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
    writer.writeWatermark(watermark);
  }

  @Override
  public List<S> snapshotState(long checkpointId) throws IOException {
    return writer.snapshotState(checkpointId);
  }

  @Override
  public Collection<C> prepareCommit() throws IOException, InterruptedException {
    return writer.prepareCommit();
  }

  @Override
  public void close() {
    try {
      writer.close();
    } catch (Exception e) {
      LOG.warn(
          "{} could not finish what it held while closing; it is written again from the last"
              + " checkpoint ({})",
          writer.getClass().getSimpleName(),
          e.getCause() == null ? e.toString() : e.getCause().toString());
    }
  }
}
