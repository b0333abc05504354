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

  /** Keeps no state, so every task can share it. */
  private final WireSerializer<T> serializer;

  public WireTypeInfo(Class<T> type, WireFormat<T> format) {
    this.serializer = new WireSerializer<>(type, format);
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
    return serializer.type();
  }

  /** Records of this type are never keys. */
  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<T> createSerializer(SerializerConfig config) {
    return serializer;
  }

  @Override
  public String toString() {
    return serializer.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireTypeInfo<?> other
        && other.canEqual(this)
        && serializer.equals(other.serializer);
  }

  @Override
  public int hashCode() {
    return serializer.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof WireTypeInfo;
  }
}
