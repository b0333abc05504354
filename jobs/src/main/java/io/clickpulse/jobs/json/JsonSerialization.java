package io.clickpulse.jobs.json;

import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes records as snake_case JSON. A named class rather than a lambda: the Kafka sink's lineage
 * support needs to see the record type.
 */
public class JsonSerialization<T> implements SerializationSchema<T> {
  @Override
  public byte[] serialize(T element) {
    return Json.bytes(element);
  }
}
