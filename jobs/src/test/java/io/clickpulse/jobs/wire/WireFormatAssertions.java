package io.clickpulse.jobs.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checks a {@link WireFormat}'s serializer against its record class by reflection, so that a field
 * added to the class and forgotten in the format fails: every public field set to a value unlike
 * its default (and then every nullable one to null) must come back through the Flink serializer as
 * it went in.
 */
public final class WireFormatAssertions {
  private WireFormatAssertions() {}

  public static <T> void assertRoundTripsEveryField(Class<T> type, TypeSerializer<T> serializer)
      throws Exception {
    T filled = filled(type, "");
    T back = roundTrip(serializer, filled);
    assertSameFields(filled, back, type.getSimpleName());
    assertSameFields(filled, serializer.copy(filled), type.getSimpleName() + " (copy)");

    T nulls = filled(type, "");
    setNullable(nulls);
    assertSameFields(nulls, roundTrip(serializer, nulls), type.getSimpleName() + " (nulls)");
  }

  static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
    DataOutputSerializer out = new DataOutputSerializer(64);
    serializer.serialize(value, out);
    // Twice in a row: a format that reads fewer bytes than it wrote misreads the second.
    serializer.serialize(value, out);
    DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
    serializer.deserialize(in);
    T back = serializer.deserialize(in);
    assertEquals(0, in.available(), "bytes left unread");
    return back;
  }

  /** Every public instance field set: strings with non-ASCII text, numbers unlike 0 and -1. */
  private static <T> T filled(Class<T> type, String prefix) throws Exception {
    T value = type.getDeclaredConstructor().newInstance();
    int n = 0;
    for (Field field : fields(type)) {
      n++;
      String name = prefix + field.getName();
      Class<?> t = field.getType();
      Object v;
      if (t == String.class) {
        v = name + "-é✓";
      } else if (t == long.class || t == Long.class) {
        v = 1_000_000_007L * n + 11;
      } else if (t == int.class || t == Integer.class) {
        v = 1_000 * n + 7;
      } else if (t == double.class || t == Double.class) {
        v = n + 0.1;
      } else if (t == long[].class) {
        v = new long[] {n, -n, Long.MAX_VALUE};
      } else if (t == int[].class) {
        v = new int[] {n, -n, Integer.MAX_VALUE};
      } else if (t.isArray()) {
        Object array = Array.newInstance(t.getComponentType(), 2);
        Array.set(array, 0, filled(t.getComponentType(), name + "[0]."));
        Array.set(array, 1, filled(t.getComponentType(), name + "[1]."));
        v = array;
      } else if (t == boolean.class || t == Boolean.class) {
        v = true;
      } else if (t == List.class) {
        v = new ArrayList<>(List.of(name + "-a", name + "-ü"));
      } else if (t == Map.class) {
        v = new TreeMap<>(Map.of(name + "-k1", "v1", name + "-k2", "v2-ß"));
      } else {
        v = filled(t, name + ".");
      }
      field.set(value, v);
    }
    return value;
  }

  /** Sets every String, Integer, list and map to null, in nested records and their arrays too. */
  private static void setNullable(Object value) throws Exception {
    for (Field field : fields(value.getClass())) {
      Class<?> t = field.getType();
      Object v = field.get(value);
      if (t == String.class || t == Integer.class || t == List.class || t == Map.class) {
        field.set(value, null);
      } else if (t.isArray() && !t.getComponentType().isPrimitive()) {
        for (int i = 0; i < Array.getLength(v); i++) {
          setNullable(Array.get(v, i));
        }
      } else if (isRecord(t)) {
        setNullable(v);
      }
    }
  }

  private static void assertSameFields(Object expected, Object actual, String path)
      throws Exception {
    assertNotEquals(null, actual, path);
    for (Field field : fields(expected.getClass())) {
      Object e = field.get(expected);
      Object a = field.get(actual);
      String where = path + "." + field.getName();
      if (e != null && isRecord(field.getType())) {
        assertSameFields(e, a, where);
      } else if (e != null && field.getType().isArray()) {
        assertEquals(Array.getLength(e), Array.getLength(a), where + " length");
        for (int i = 0; i < Array.getLength(e); i++) {
          Object ei = Array.get(e, i);
          if (field.getType().getComponentType().isPrimitive()) {
            assertEquals(ei, Array.get(a, i), where + "[" + i + "]");
          } else {
            assertSameFields(ei, Array.get(a, i), where + "[" + i + "]");
          }
        }
      } else {
        assertEquals(e, a, where);
      }
    }
  }

  private static boolean isRecord(Class<?> t) {
    return !t.isPrimitive()
        && !t.isArray()
        && t != String.class
        && !Number.class.isAssignableFrom(t)
        && t != Boolean.class
        && t != List.class
        && t != Map.class;
  }

  private static List<Field> fields(Class<?> type) {
    List<Field> fields = new ArrayList<>();
    for (Field field : type.getFields()) {
      int m = field.getModifiers();
      if (!Modifier.isStatic(m) && !Modifier.isFinal(m)) {
        fields.add(field);
      }
    }
    return fields;
  }
}
