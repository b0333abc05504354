package io.clickpulse.jobs.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clickpulse.jobs.kafka.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads a whole topic as committed JSON records. */
public final class TopicReader {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TopicReader() {}

  public static List<JsonNode> readAll(String bootstrapServers, String topic) {
    return KafkaTopics.readCommitted(bootstrapServers, topic).stream()
        .map(TopicReader::parse)
        .toList();
  }

  private static JsonNode parse(byte[] value) {
    try {
      return JSON.readTree(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
