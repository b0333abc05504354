package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.clickpulse.jobs.clickhouse.CommittedJdbcSink.Batch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class CommittedJdbcSinkTest {
  @Test
  void eachCheckpointGetsTheRowsWrittenSinceThePreviousOne() throws IOException {
    var writer = new CommittedJdbcSink.Rows<>(StringSerializer.INSTANCE);

    assertEquals(List.of(), List.copyOf(writer.prepareCommit()), "nothing written: no committable");
    writer.write("a", null);
    writer.write("b", null);
    writer.flush(false); // a flush writes nothing: the rows wait for their checkpoint
    assertEquals(List.of(List.of("a", "b")), rowsOf(writer.prepareCommit()));
    writer.write("c", null);
    assertEquals(List.of(List.of("c")), rowsOf(writer.prepareCommit()));
    assertEquals(List.of(), List.copyOf(writer.prepareCommit()));
  }

  @Test
  void aCommittableSurvivesTheCheckpointAsItWas() throws IOException {
    var writer = new CommittedJdbcSink.Rows<>(StringSerializer.INSTANCE);
    List<String> rows = List.of("lnk-1", "", "lnk-ü", "x".repeat(10_000));
    for (String row : rows) {
      writer.write(row, null);
    }
    Batch batch = writer.prepareCommit().iterator().next();
    var serializer = new CommittedJdbcSink.BatchSerializer();

    Batch restored = serializer.deserialize(1, serializer.serialize(batch));
    assertEquals(rows, CommittedJdbcSink.rows(restored, StringSerializer.INSTANCE));
    assertThrows(IOException.class, () -> serializer.deserialize(2, serializer.serialize(batch)));
  }

  @Test
  void checkpointsTakenBeforeBatchesRestore() throws IOException {
    // Version 1 as the list-of-rows serializer wrote it: the row count, then the rows.
    List<String> rows = List.of("lnk-1", "lnk-2", "");
    DataOutputSerializer old = new DataOutputSerializer(64);
    old.writeInt(rows.size());
    for (String row : rows) {
      StringSerializer.INSTANCE.serialize(row, old);
    }

    Batch restored = new CommittedJdbcSink.BatchSerializer().deserialize(1, old.getCopyOfBuffer());
    assertEquals(rows, CommittedJdbcSink.rows(restored, StringSerializer.INSTANCE));
  }

  @Test
  void theCheckpointCopiesTheBatchsBytesWithoutSerializingItsRowsAgain() throws IOException {
    // Flink 2.2's committer state serializes a committable 8 times a checkpoint.
    var writer = new CommittedJdbcSink.Rows<>(StringSerializer.INSTANCE);
    writer.write("lnk-1", null);
    writer.write("lnk-2", null);
    Batch batch = writer.prepareCommit().iterator().next();

    ByteBuffer serialized =
        ByteBuffer.wrap(new CommittedJdbcSink.BatchSerializer().serialize(batch));
    assertEquals(2, serialized.getInt());
    assertEquals(ByteBuffer.wrap(batch.bytes()), serialized.slice());
  }

  private static List<List<String>> rowsOf(Iterable<Batch> batches) throws IOException {
    List<List<String>> rows = new ArrayList<>();
    for (Batch batch : batches) {
      rows.add(CommittedJdbcSink.rows(batch, StringSerializer.INSTANCE));
    }
    return rows;
  }
}
