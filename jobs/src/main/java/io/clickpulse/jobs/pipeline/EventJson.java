package io.clickpulse.jobs.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.clickpulse.udf.event.ClickEvent;

/** JSON for records the job writes to Kafka, in the snake_case of the input events. */
public final class EventJson {
  public static final ObjectMapper MAPPER =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private EventJson() {}

  /** The event as JSON without its IP address, which must not leave the job. */
  public static String withoutIp(ClickEvent event) {
    String ip = event.ip;
    event.ip = null;
    try {
      return MAPPER.writeValueAsString(event);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + event, e);
    } finally {
      event.ip = ip;
    }
  }

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot serialize " + value, e);
    }
  }
}
