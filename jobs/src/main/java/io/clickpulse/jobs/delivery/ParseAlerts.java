package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.databind.DeserializationFeature;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Alert events from the alerts topic; a record that is not one goes to dead letters, not away. */
public class ParseAlerts extends ProcessFunction<RawRecord, Alert> {
  public static final OutputTag<DeliveryDeadLetter> UNREADABLE =
      new OutputTag<>("unreadable-alerts") {};

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<Alert> out) {
    try {
      // Newer pipelines may add fields: unknown ones are ignored, missing essentials are not.
      Alert alert =
          Json.MAPPER
              .readerFor(Alert.class)
              .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
              .readValue(record.value);
      if (alert.alertId == null
          || alert.status == null
          || alert.rule == null
          || alert.fingerprint == null) {
        throw new IllegalArgumentException("alert_id, status, rule and fingerprint are required");
      }
      out.collect(alert);
    } catch (Exception e) {
      DeliveryDeadLetter d = new DeliveryDeadLetter();
      d.destination = "";
      d.webhookId = record.topic + "/" + record.partition + "@" + record.offset;
      d.reason = "unreadable alert: " + e.getMessage();
      ctx.output(UNREADABLE, d);
    }
  }
}
