package io.clickpulse.local.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a query with {@code FORMAT JSON} and returns its rows in the shape the page's renderer
 * wants: 64-bit integers (quoted by ClickHouse so that JavaScript loses no precision) as numbers,
 * and DateTime/DateTime64 values as epoch milliseconds (in the zone their type names, else UTC).
 */
final class JsonRows {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Pattern QUOTED_INTEGER =
      Pattern.compile("(Nullable\\()?U?Int(64|128|256).*");
  private static final Pattern DATE_TIME = Pattern.compile("(Nullable\\()?DateTime(64)?\\b.*");
  private static final Pattern TIME_ZONE = Pattern.compile("'([^']+)'");
  private static final DateTimeFormatter CLICKHOUSE_DATE_TIME =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .toFormatter();

  private JsonRows() {}

  static List<ObjectNode> query(Function<String, String> query, String sql) {
    return parse(query.apply(sql + "\nFORMAT JSON"));
  }

  static List<ObjectNode> parse(String body) {
    JsonNode answer;
    try {
      answer = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ClickHouse did not answer with FORMAT JSON: " + body, e);
    }
    Map<String, String> types = new HashMap<>();
    answer.path("meta").forEach(c -> types.put(c.path("name").asText(), c.path("type").asText()));
    List<ObjectNode> rows = new ArrayList<>();
    for (JsonNode row : answer.path("data")) {
      ObjectNode converted = MAPPER.createObjectNode();
      row.fields()
          .forEachRemaining(
              f -> converted.set(f.getKey(), convert(f.getValue(), types.get(f.getKey()))));
      rows.add(converted);
    }
    return rows;
  }

  private static JsonNode convert(JsonNode value, String type) {
    if (type == null || !value.isTextual()) {
      return value;
    }
    if (QUOTED_INTEGER.matcher(type).matches()) {
      return MAPPER.getNodeFactory().numberNode(Long.parseLong(value.asText()));
    }
    if (DATE_TIME.matcher(type).matches()) {
      Matcher zone = TIME_ZONE.matcher(type);
      ZoneId zoneId = zone.find() ? ZoneId.of(zone.group(1)) : ZoneOffset.UTC;
      long millis =
          LocalDateTime.parse(value.asText(), CLICKHOUSE_DATE_TIME)
              .atZone(zoneId)
              .toInstant()
              .toEpochMilli();
      return MAPPER.getNodeFactory().numberNode(millis);
    }
    return value;
  }
}
