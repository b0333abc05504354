package io.clickpulse.udf.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schema and the parser agree on every shared example. */
class ConversionSchemaTest {
  private static final String ID = "https://clickpulse.io/schemas/conversion-event-v1.schema.json";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Schema SCHEMA = load();

  private static Schema load() {
    try {
      Path file = schemas().resolve("conversion-event-v1.schema.json");
      String text = Files.readString(file);
      assertEquals(ID, JSON.readTree(text).get("$id").asText());
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(ID, text)));
      return registry.getSchema(SchemaLocation.of(ID));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path schemas() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path schemas = dir.resolve("docs").resolve("schemas");
      if (Files.isDirectory(schemas)) {
        return schemas;
      }
    }
    throw new IllegalStateException("docs/schemas not found above " + Path.of("").toAbsolutePath());
  }

  private static List<String> errors(String json) throws Exception {
    JsonNode node = JSON.readTree(json);
    return SCHEMA.validate(node).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#valid")
  void acceptsWhatTheParserAccepts(String name, String json) throws Exception {
    assertEquals(List.of(), errors(json), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#invalid")
  void rejectsWhatTheParserRejects(String name, String json, String reason) throws Exception {
    assertFalse(
        errors(json).isEmpty(), () -> name + " (" + reason + ") is valid against the schema");
  }
}
