package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.sink.FailoverSafeWriter;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.api.common.TaskInfoImpl;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;
import org.apache.flink.connector.jdbc.core.datastream.sink.committer.JdbcCommitable;
import org.apache.flink.connector.jdbc.core.datastream.sink.writer.JdbcWriterState;
import org.junit.jupiter.api.Test;

class FailoverSafeJdbcSinkTest {
  /** Stands in for the connector's writer with ClickHouse unreachable: every flush fails. */
  static final class UnreachableWriter
      implements StatefulSinkWriter<String, JdbcWriterState>,
          CommittingSinkWriter<String, JdbcCommitable> {
    final List<String> calls = new ArrayList<>();

    @Override
    public void write(String element, Context context) {
      calls.add("write " + element);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      calls.add("flush");
      throw new IOException("Connection refused: 127.0.0.1:8123");
    }

    @Override
    public void writeWatermark(Watermark watermark) {
      calls.add("watermark " + watermark.getTimestamp());
    }

    @Override
    public List<JdbcWriterState> snapshotState(long checkpointId) {
      calls.add("snapshot " + checkpointId);
      return List.of();
    }

    @Override
    public Collection<JdbcCommitable> prepareCommit() {
      calls.add("prepareCommit");
      return List.of();
    }

    @Override
    public void close() throws IOException {
      // Like JdbcWriter: close flushes the batch once more, and that fails too.
      calls.add("close");
      throw new IOException("Writing records to JDBC failed.");
    }
  }

  @Test
  void closingAfterAFailedFlushDoesNotThrowSoTheTaskManagerSurvives() throws Exception {
    UnreachableWriter connector = new UnreachableWriter();
    var writer = new FailoverSafeWriter<>(connector);

    writer.write("click-1", null);
    writer.writeWatermark(new Watermark(42));
    // The failure that fails the task still reaches Flink, which then restarts from a checkpoint.
    assertThrows(IOException.class, () -> writer.flush(false));
    assertDoesNotThrow(writer::close);

    assertEquals(List.of("write click-1", "watermark 42", "flush", "close"), connector.calls);
  }

  @Test
  void batchingRecordsAsIsTellsTheConnectorNotToCopyThem() {
    TaskInfo task = new TaskInfoImpl("clickhouse-clicks", 2, 1, 2, 0);
    WriterInitContext objectReuse =
        (WriterInitContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {WriterInitContext.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "isObjectReuseEnabled" -> true;
                      case "getTaskInfo" -> task;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    JdbcSink<String> connector =
        JdbcSink.<String>builder()
            .withQueryStatement("INSERT INTO t VALUES (?)", (ps, s) -> ps.setString(1, s))
            .buildAtLeastOnce(
                ClickHouseSinks.connectionOptions("jdbc:clickhouse://127.0.0.1:1", "default", ""));

    // The connector copies every record it batches when object reuse is on ...
    WriterInitContext copying = new FailoverSafeJdbcSink<>(connector).writerContext(objectReuse);
    assertTrue(copying.isObjectReuseEnabled());
    // ... unless the sink batches them as they are; the rest of the context is the task's.
    WriterInitContext asIs =
        new FailoverSafeJdbcSink<>(connector).batchingRecordsAsIs().writerContext(objectReuse);
    assertFalse(asIs.isObjectReuseEnabled());
    assertSame(task, asIs.getTaskInfo());
  }

  @Test
  void checkpointCallsReachTheConnectorsWriter() throws Exception {
    UnreachableWriter connector = new UnreachableWriter();
    var writer = new FailoverSafeWriter<>(connector);

    writer.snapshotState(7);
    writer.prepareCommit();

    assertEquals(List.of("snapshot 7", "prepareCommit"), connector.calls);
  }
}
