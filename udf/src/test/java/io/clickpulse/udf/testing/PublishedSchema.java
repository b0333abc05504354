package io.clickpulse.udf.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A JSON Schema the project publishes in {@code docs/schemas/}, for tests to validate against. */
public final class PublishedSchema {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Schema schema;

  private PublishedSchema(Schema schema) {
    this.schema = schema;
  }

  /** Loads {@code docs/schemas/<file>}, whose {@code $id} must be the published address. */
  public static PublishedSchema load(String file) {
    String id = "https://clickpulse.io/schemas/" + file;
    try {
      String text = Files.readString(schemas().resolve(file));
      assertEquals(id, JSON.readTree(text).get("$id").asText(), file + " $id");
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(id, text)));
      return new PublishedSchema(registry.getSchema(SchemaLocation.of(id)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** What the schema finds wrong with {@code json}: empty when valid. */
  public List<String> errors(String json) throws IOException {
    return schema.validate(JSON.readTree(json)).stream()
        .map(e -> e.getInstanceLocation() + ": " + e.getMessage())
        .toList();
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
}
