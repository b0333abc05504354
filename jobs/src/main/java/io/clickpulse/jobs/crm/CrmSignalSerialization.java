package io.clickpulse.jobs.crm;

import io.clickpulse.jobs.json.JsonSerialization;
import io.clickpulse.udf.crm.CrmSignal;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** A signal as JSON on {@code kafka.topic.crm-signals}: docs/schemas/crm-signal-v1.schema.json. */
public class CrmSignalSerialization extends JsonSerialization<CrmSignal> {
  /** The signal id as the record key: a replayed signal lands on the same partition. */
  public static class Key implements SerializationSchema<CrmSignal> {
    @Override
    public byte[] serialize(CrmSignal signal) {
      return signal.signalId.getBytes(StandardCharsets.UTF_8);
    }
  }
}
