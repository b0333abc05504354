package io.clickpulse.jobs.wire;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of records written in a {@link WireFormat}: give it to {@code returns(...)} or {@code
 * transform(...)} of the operator before a {@code keyBy}, or to a state descriptor.
 */
public final class WireTypeInfo<T> extends TypeInformation<T> {
  private static final long serialVersionUID = 1L;

  private final Class<T> type;
  private final WireFormat<T> format;

  public WireTypeInfo(Class<T> type, WireFormat<T> format) {
    this.type = type;
    this.format = format;
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<T> getTypeClass() {
    return type;
  }

  /** Records of this type are never keys. */
  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return new WireSerializer<>(type, format);
  }

  @Override
  public String toString() {
    return type.getSimpleName() + " in " + format.getClass().getSimpleName();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireTypeInfo<?> other
        && other.canEqual(this)
        && type == other.type
        && format.getClass() == other.format.getClass();
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + format.getClass().hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof WireTypeInfo;
  }
}
