package io.clickpulse.jobs.alert;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * The alert id as the record key: one partition per alert, so its firing precedes its resolution.
 */
public class AlertKeySerialization implements SerializationSchema<Alert> {
  @Override
  public byte[] serialize(Alert alert) {
    return alert.alertId.getBytes(StandardCharsets.UTF_8);
  }
}
