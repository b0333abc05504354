package io.clickpulse.jobs.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.junit.jupiter.api.Test;

class CommittedJdbcSinkTest {
  @Test
  void eachCheckpointGetsTheRowsWrittenSinceThePreviousOne() {
    var writer = new CommittedJdbcSink.Rows<String>();

    assertEquals(List.of(), List.copyOf(writer.prepareCommit()), "nothing written: no committable");
    writer.write("a", null);
    writer.write("b", null);
    writer.flush(false); // a flush writes nothing: the rows wait for their checkpoint
    assertEquals(List.of(List.of("a", "b")), List.copyOf(writer.prepareCommit()));
    writer.write("c", null);
    assertEquals(List.of(List.of("c")), List.copyOf(writer.prepareCommit()));
    assertEquals(List.of(), List.copyOf(writer.prepareCommit()));
  }

  @Test
  void aCommittableSurvivesTheCheckpointAsItWas() throws IOException {
    var serializer = new CommittedJdbcSink.RowsSerializer<>(StringSerializer.INSTANCE);
    List<String> rows = List.of("lnk-1", "", "lnk-ü", "x".repeat(10_000));

    assertEquals(rows, serializer.deserialize(1, serializer.serialize(rows)));
    assertEquals(List.of(), serializer.deserialize(1, serializer.serialize(List.of())));
    assertThrows(IOException.class, () -> serializer.deserialize(2, serializer.serialize(rows)));
  }
}
