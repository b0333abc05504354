package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
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
    var writer = new FailoverSafeJdbcSink.Writer<>(connector);

    writer.write("click-1", null);
    writer.writeWatermark(new Watermark(42));
    // The failure that fails the task still reaches Flink, which then restarts from a checkpoint.
    assertThrows(IOException.class, () -> writer.flush(false));
    assertDoesNotThrow(writer::close);

    assertEquals(List.of("write click-1", "watermark 42", "flush", "close"), connector.calls);
  }

  @Test
  void checkpointCallsReachTheConnectorsWriter() throws Exception {
    UnreachableWriter connector = new UnreachableWriter();
    var writer = new FailoverSafeJdbcSink.Writer<>(connector);

    writer.snapshotState(7);
    writer.prepareCommit();

    assertEquals(List.of("snapshot 7", "prepareCommit"), connector.calls);
  }
}
