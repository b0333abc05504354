package io.clickpulse.jobs.wire;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * A Flink serializer that writes records in their {@link WireFormat}, for streams between tasks and
 * for state, where Flink's reflective POJO serializer wrote a field and a character at a time.
 *
 * <p>State written by another serializer of the same class (Flink's POJO serializer, in savepoints
 * taken before a state got its format) is migrated on restore: Flink reads each value with the old
 * serializer and writes it with this one. A format that changes its layout must come as a new
 * {@link WireFormat} class, which then migrates from the old one the same way.
 */
public final class WireSerializer<T> extends TypeSerializer<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final WireFormat<T> format;

  public WireSerializer(Class<T> type, WireFormat<T> format) {
    this.type = type;
    this.format = format;
  }

  Class<T> type() {
    return type;
  }

  @Override
  public String toString() {
    return type.getSimpleName() + " in " + format.getClass().getSimpleName();
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<T> duplicate() {
    return this; // the format keeps no state
  }

  @Override
  public T createInstance() {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(type + " needs a public no-argument constructor", e);
    }
  }

  /**
   * A deep copy, through the wire format (Flink copies records only where it cannot share them).
   */
  @Override
  public T copy(T from) {
    try {
      DataOutputSerializer out = new DataOutputSerializer(256);
      format.write(from, out);
      return format.read(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    } catch (IOException e) {
      throw new IllegalStateException("Could not copy " + from, e);
    }
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    format.write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return format.read(source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return format.read(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    format.write(format.read(source), target);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireSerializer<?> other
        && type == other.type
        && format.getClass() == other.format.getClass();
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + format.getClass().hashCode();
  }

  @Override
  public TypeSerializerSnapshot<T> snapshotConfiguration() {
    return new Snapshot<>(this);
  }

  /** The record and format classes, by name; compatible as long as both stay the same. */
  public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
    private Class<T> type;
    private Class<? extends WireFormat<T>> formatClass;

    /** For Flink, which reads the classes then. */
    public Snapshot() {}

    @SuppressWarnings("unchecked")
    Snapshot(WireSerializer<T> serializer) {
      this.type = serializer.type;
      this.formatClass = (Class<? extends WireFormat<T>>) serializer.format.getClass();
    }

    @Override
    public int getCurrentVersion() {
      return 1;
    }

    @Override
    public void writeSnapshot(DataOutputView out) throws IOException {
      out.writeUTF(type.getName());
      out.writeUTF(formatClass.getName());
    }

    @Override
    @SuppressWarnings("unchecked")
    public void readSnapshot(int version, DataInputView in, ClassLoader classLoader)
        throws IOException {
      try {
        type = (Class<T>) Class.forName(in.readUTF(), false, classLoader);
        formatClass =
            (Class<? extends WireFormat<T>>) Class.forName(in.readUTF(), false, classLoader);
      } catch (ClassNotFoundException e) {
        throw new IOException("A wire serializer's class is gone", e);
      }
    }

    @Override
    public TypeSerializer<T> restoreSerializer() {
      return new WireSerializer<>(type, InstantiationUtil.instantiate(formatClass));
    }

    /**
     * As is from the same format; after migration from any other serializer whose values are of the
     * same class (it reads what it wrote, this one writes it anew).
     */
    @Override
    public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
        TypeSerializerSnapshot<T> oldSnapshot) {
      if (oldSnapshot instanceof Snapshot<T> old) {
        return old.type == type && old.formatClass == formatClass
            ? TypeSerializerSchemaCompatibility.compatibleAsIs()
            : old.type == type
                ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
                : TypeSerializerSchemaCompatibility.incompatible();
      }
      Object value = oldSnapshot.restoreSerializer().createInstance();
      return value != null && value.getClass() == type
          ? TypeSerializerSchemaCompatibility.compatibleAfterMigration()
          : TypeSerializerSchemaCompatibility.incompatible();
    }
  }
}
