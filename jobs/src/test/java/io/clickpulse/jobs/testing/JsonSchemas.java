package io.clickpulse.jobs.testing;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.clickpulse.jobs.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The published JSON Schemas ({@code docs/schemas/*.schema.json}), loaded by their {@code $id} so
 * that they can {@code $ref} each other, and assertions that a payload a test sends is valid. The
 * schemas are read from the source tree, never fetched.
 */
public final class JsonSchemas {
  /** The alert event: the Kafka {@code alerts} record and a webhook payload's {@code data}. */
  public static final String ALERT = "https://clickpulse.io/schemas/alert-v1.schema.json";

  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(
          SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(load()));

  private static final Map<String, Schema> SCHEMAS = new HashMap<>();

  private JsonSchemas() {}

  /** The directory of the published schemas, found from the working directory upwards. */
  public static Path directory() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path schemas = dir.resolve("docs").resolve("schemas");
      if (Files.isDirectory(schemas)) {
        return schemas;
      }
    }
    throw new IllegalStateException("docs/schemas not found above " + Path.of("").toAbsolutePath());
  }

  /** The problems of {@code json} against the schema {@code id}; empty if it is valid. */
  public static List<String> errors(String id, String json) {
    return errors(id, parse(json));
  }

  public static List<String> errors(String id, JsonNode json) {
    return schema(id).validate(json).stream().map(JsonSchemas::describe).toList();
  }

  /** Fails listing every problem if {@code json} is not valid against the schema {@code id}. */
  public static void assertValid(String id, String json) {
    assertValid(id, parse(json));
  }

  public static void assertValid(String id, JsonNode json) {
    List<String> errors = errors(id, json);
    if (!errors.isEmpty()) {
      fail(
          "not valid against "
              + id
              + ":\n  "
              + String.join("\n  ", errors)
              + "\n"
              + truncate(json.toString()));
    }
  }

  /** Fails unless the object, as the jobs' JSON mapper writes it, is a valid alert event. */
  public static void assertValidAlert(Object alert) {
    assertValid(ALERT, Json.MAPPER.valueToTree(alert));
  }

  /** The grouped webhook body, once published next to the alert schema. */
  public static final String WEBHOOK = "https://clickpulse.io/schemas/webhook-v1.schema.json";

  /**
   * Fails unless a webhook body is valid: a single-alert body ({@code {type, timestamp, data}}) has
   * a valid alert event as its {@code data}; any other body must be valid against the published
   * webhook schema.
   */
  public static void assertValidWebhookBody(String body) {
    JsonNode json = parse(body);
    if (json.path("type").asText().startsWith("alert_group.")) {
      assertValid(WEBHOOK, json);
    } else if (json.has("data") && json.has("type")) {
      assertValid(ALERT, json.get("data"));
    } else {
      assertValid(WEBHOOK, json);
    }
  }

  private static synchronized Schema schema(String id) {
    return SCHEMAS.computeIfAbsent(id, i -> REGISTRY.getSchema(SchemaLocation.of(i)));
  }

  private static String describe(Error e) {
    String where = e.getInstanceLocation().toString();
    return (where.isEmpty() ? "/" : where) + ": " + e.getMessage();
  }

  private static JsonNode parse(String json) {
    try {
      return Json.MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + truncate(json), e);
    }
  }

  private static String truncate(String text) {
    return text.length() <= 2000 ? text : text.substring(0, 2000) + "...";
  }

  /** Every schema file by its {@code $id}. */
  private static Map<String, String> load() {
    Map<String, String> byId = new HashMap<>();
    try (Stream<Path> files = Files.list(directory())) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
        String text = Files.readString(file);
        JsonNode id = Json.MAPPER.readTree(text).get("$id");
        if (id == null) {
          throw new IllegalStateException(file + " has no $id");
        }
        byId.put(id.asText(), text);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byId;
  }
}
