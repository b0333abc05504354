package io.clickpulse.udf.conversion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.clickpulse.udf.testing.PublishedSchema;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schema and the parser agree on every shared example. */
class ConversionSchemaTest {
  private static final PublishedSchema SCHEMA =
      PublishedSchema.load("conversion-event-v1.schema.json");

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#valid")
  void acceptsWhatTheParserAccepts(String name, String json) throws Exception {
    assertEquals(List.of(), SCHEMA.errors(json), name);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.clickpulse.udf.conversion.ConversionExamples#invalid")
  void rejectsWhatTheParserRejects(String name, String json, String reason) throws Exception {
    assertFalse(
        SCHEMA.errors(json).isEmpty(),
        () -> name + " (" + reason + ") is valid against the schema");
  }
}
