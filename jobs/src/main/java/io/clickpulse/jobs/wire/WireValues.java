package io.clickpulse.jobs.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The values a {@link WireFormat} writes: strings as UTF-8 bytes in one copy (Flink's string
 * serializer writes and reads them a character at a time, the largest part of a click's
 * serialization), nullable numbers, string lists and maps; lengths as variable-length ints.
 */
public final class WireValues {
  private WireValues() {}

  /** A string or null. */
  public static void writeString(String value, DataOutputView out) throws IOException {
    if (value == null) {
      writeLength(-1, out);
      return;
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    writeLength(bytes.length, out);
    out.write(bytes);
  }

  public static String readString(DataInputView in) throws IOException {
    int length = readLength(in);
    if (length < 0) {
      return null;
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** An Integer or null. */
  public static void writeNullableInt(Integer value, DataOutputView out) throws IOException {
    out.writeBoolean(value != null);
    if (value != null) {
      out.writeInt(value);
    }
  }

  public static Integer readNullableInt(DataInputView in) throws IOException {
    return in.readBoolean() ? in.readInt() : null;
  }

  /** An array of longs (not null). */
  public static void writeLongs(long[] values, DataOutputView out) throws IOException {
    writeLength(values.length, out);
    for (long value : values) {
      out.writeLong(value);
    }
  }

  public static long[] readLongs(DataInputView in) throws IOException {
    long[] values = new long[readLength(in)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readLong();
    }
    return values;
  }

  /** An array of ints (not null). */
  public static void writeInts(int[] values, DataOutputView out) throws IOException {
    writeLength(values.length, out);
    for (int value : values) {
      out.writeInt(value);
    }
  }

  public static int[] readInts(DataInputView in) throws IOException {
    int[] values = new int[readLength(in)];
    for (int i = 0; i < values.length; i++) {
      values[i] = in.readInt();
    }
    return values;
  }

  /** A count of what follows (a record's array or list), at least 0. */
  public static void writeCount(int count, DataOutputView out) throws IOException {
    writeLength(count, out);
  }

  public static int readCount(DataInputView in) throws IOException {
    return readLength(in);
  }

  /** A list of strings or null. */
  public static void writeStrings(List<String> values, DataOutputView out) throws IOException {
    if (values == null) {
      writeLength(-1, out);
      return;
    }
    writeLength(values.size(), out);
    for (String value : values) {
      writeString(value, out);
    }
  }

  /** Into a new {@link ArrayList}, or null. */
  public static List<String> readStrings(DataInputView in) throws IOException {
    int size = readLength(in);
    if (size < 0) {
      return null;
    }
    List<String> values = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      values.add(readString(in));
    }
    return values;
  }

  /** A map of strings or null, in its iteration order. */
  public static void writeStringMap(Map<String, String> map, DataOutputView out)
      throws IOException {
    if (map == null) {
      writeLength(-1, out);
      return;
    }
    writeLength(map.size(), out);
    for (Map.Entry<String, String> entry : map.entrySet()) {
      writeString(entry.getKey(), out);
      writeString(entry.getValue(), out);
    }
  }

  /** Into {@code map}, which it returns, or null. */
  public static <M extends Map<String, String>> M readStringMap(M map, DataInputView in)
      throws IOException {
    int size = readLength(in);
    if (size < 0) {
      return null;
    }
    for (int i = 0; i < size; i++) {
      map.put(readString(in), readString(in));
    }
    return map;
  }

  /** A length of -1 (null) or more, as an unsigned variable-length int of length + 1. */
  private static void writeLength(int length, DataOutputView out) throws IOException {
    int value = length + 1;
    while ((value & ~0x7F) != 0) {
      out.writeByte((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.writeByte(value);
  }

  private static int readLength(DataInputView in) throws IOException {
    int value = 0;
    for (int shift = 0; ; shift += 7) {
      int b = in.readUnsignedByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value - 1;
      }
    }
  }
}
