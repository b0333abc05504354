package io.clickpulse.jobs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshotSerializationUtil;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WireSerializerTest {
  /** A record with every kind of value {@link WireValues} writes. */
  public static class Sample {
    public String text;
    public long number;
    public int small;
    public Integer status;
    public boolean flag;
    public List<String> tags = new ArrayList<>();
    public Map<String, String> custom = new TreeMap<>();
  }

  public static final class SampleFormat implements WireFormat<Sample> {
    @Override
    public void write(Sample s, DataOutputView out) throws IOException {
      WireValues.writeString(s.text, out);
      out.writeLong(s.number);
      out.writeInt(s.small);
      WireValues.writeNullableInt(s.status, out);
      out.writeBoolean(s.flag);
      WireValues.writeStrings(s.tags, out);
      WireValues.writeStringMap(s.custom, out);
    }

    @Override
    public Sample read(DataInputView in) throws IOException {
      Sample s = new Sample();
      s.text = WireValues.readString(in);
      s.number = in.readLong();
      s.small = in.readInt();
      s.status = WireValues.readNullableInt(in);
      s.flag = in.readBoolean();
      s.tags = WireValues.readStrings(in);
      s.custom = WireValues.readStringMap(new TreeMap<>(), in);
      return s;
    }
  }

  @Test
  void everyFieldAndNullComeBack() throws Exception {
    WireFormatAssertions.assertRoundTripsEveryField(
        Sample.class, new WireSerializer<>(Sample.class, new SampleFormat()));
  }

  /** Lengths cross the one- and two-byte boundaries of the variable-length int. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 126, 127, 128, 16_383, 16_384, 100_000})
  void stringsOfAnyLength(int length) throws Exception {
    String text = "a".repeat(Math.max(0, length - 1)) + (length > 0 ? "€" : "");
    DataOutputSerializer out = new DataOutputSerializer(16);
    WireValues.writeString(text, out);
    WireValues.writeString("", out);
    WireValues.writeString(null, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    assertEquals(text, WireValues.readString(in));
    assertEquals("", WireValues.readString(in));
    assertEquals(null, WireValues.readString(in));
    assertEquals(0, in.available());
  }

  /** Flink writes a serializer's snapshot where it keeps one; it restores the same serializer. */
  @Test
  void snapshotRestoresTheSerializerAndIsCompatibleWithItself() throws Exception {
    TypeSerializer<Sample> serializer =
        new WireTypeInfo<>(Sample.class, new SampleFormat())
            .createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshotSerializationUtil.writeSerializerSnapshot(
        out, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<Sample> restored =
        TypeSerializerSnapshotSerializationUtil.readSerializerSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertEquals(serializer, restored.restoreSerializer());
    assertTrue(
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs());
  }
}
