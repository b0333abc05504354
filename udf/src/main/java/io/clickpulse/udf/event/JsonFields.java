package io.clickpulse.udf.event;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Reading the fields of an incoming JSON record strictly, for every parser of input (clicks, link
 * events): the first problem throws {@link InvalidField} with its {@link RejectReason}, which the
 * parser turns into a dead letter.
 */
public final class JsonFields {
  /** Duplicate keys and trailing content are errors: "{...}{...}" is not one record. */
  public static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private JsonFields() {}

  /** A string at most {@code maxLength} long, or null when absent or null. */
  public static String optionalText(JsonNode root, String field, int maxLength) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw new InvalidField(RejectReason.WRONG_TYPE, field + ": expected a string");
    }
    String value = node.textValue();
    if (value.length() > maxLength) {
      throw new InvalidField(
          RejectReason.INVALID_FIELD, field + " is longer than " + maxLength + " characters");
    }
    return value;
  }

  /** {@link #optionalText}, but absent is {@link RejectReason#MISSING_FIELD}. */
  public static String requiredText(JsonNode root, String field, int maxLength) {
    String value = optionalText(root, field, maxLength);
    if (value == null) {
      throw new InvalidField(RejectReason.MISSING_FIELD, field);
    }
    return value;
  }

  /** An id: text without control characters, not blank; null only when optional and absent. */
  public static String identifier(JsonNode root, String field, int maxLength, boolean required) {
    String value =
        required ? requiredText(root, field, maxLength) : optionalText(root, field, maxLength);
    if (value != null && (value.isBlank() || hasControlCharacters(value))) {
      throw new InvalidField(
          RejectReason.INVALID_FIELD, field + " is blank or has control characters");
    }
    return value;
  }

  public static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(Character::isISOControl);
  }

  /** The first line of a parser's message, at most 200 characters, for a dead letter's detail. */
  public static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    String line = newline >= 0 ? message.substring(0, newline) : message;
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  /** 2000-01-01: an earlier time is epoch seconds sent as milliseconds, not a real event. */
  public static final long EARLIEST_TIME = 946_684_800_000L;

  /**
   * A time field: epoch milliseconds (an integer) or an ISO-8601 time with an offset
   * ("2026-12-05T21:00Z"), not before {@link #EARLIEST_TIME}; 0 when optional and absent.
   */
  public static long time(JsonNode root, String field, boolean required) {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        throw new InvalidField(RejectReason.MISSING_FIELD, field);
      }
      return 0;
    }
    long time;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      time = node.asLong();
    } else if (node.isTextual()) {
      try {
        time =
            OffsetDateTime.parse(node.textValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                .toInstant()
                .toEpochMilli();
      } catch (DateTimeException | ArithmeticException e) {
        throw new InvalidField(
            RejectReason.INVALID_FIELD,
            field + " is not an ISO-8601 time with offset, e.g. 2026-12-05T21:00:00Z");
      }
    } else {
      throw new InvalidField(
          RejectReason.WRONG_TYPE,
          field + ": expected epoch milliseconds (integer) or an ISO-8601 string");
    }
    if (time < EARLIEST_TIME) {
      throw new InvalidField(
          RejectReason.TIME_OUT_OF_RANGE,
          field + " " + time + " is before 2000 (epoch seconds instead of milliseconds?)");
    }
    return time;
  }

  /** Internal control flow: the first problem found ends validation of a record. */
  public static final class InvalidField extends RuntimeException {
    public final RejectReason reason;

    public InvalidField(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.reason = reason;
    }
  }
}
