package io.clickpulse.jobs.delivery;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertContext;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.kafka.RawRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Alert events from the alerts topic; a record that is not one goes to dead letters, not away. */
public class ParseAlerts extends ProcessFunction<RawRecord, Alert> {
  public static final OutputTag<DeliveryDeadLetter> UNREADABLE =
      new OutputTag<>("unreadable-alerts") {};

  /**
   * Newer pipelines may add fields: unknown ones are ignored, missing essentials are not. A null
   * map or list ({@code "evidence": null}) reads as empty and null entries in them are dropped, as
   * the messages expect (the schema allows no nulls there, but one bad producer must not stop
   * delivery).
   */
  private static final ObjectReader READER = reader();

  private static ObjectReader reader() {
    ObjectMapper mapper = Json.MAPPER.copy();
    JsonSetter.Value emptyNotNull = JsonSetter.Value.forValueNulls(Nulls.AS_EMPTY, Nulls.SKIP);
    mapper.configOverride(Map.class).setSetterInfo(emptyNotNull);
    mapper.configOverride(List.class).setSetterInfo(emptyNotNull);
    return mapper.readerFor(Alert.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  }

  @Override
  public void processElement(RawRecord record, Context ctx, Collector<Alert> out) {
    try {
      Alert alert = READER.readValue(record.value);
      if (alert.alertId == null
          || alert.status == null
          || alert.rule == null
          || alert.fingerprint == null) {
        throw new IllegalArgumentException("alert_id, status, rule and fingerprint are required");
      }
      if (alert.context == null) {
        alert.context = new AlertContext();
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
