package io.clickpulse.jobs.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;

/**
 * The published webhook schema ({@code docs/schemas/webhook-v1.schema.json}) with the alert schema
 * it refers to, loaded from the docs (not from the network), to check the bodies tests send.
 */
public final class WebhookSchema {
  public static final String WEBHOOK_ID = "https://clickpulse.io/schemas/webhook-v1.schema.json";
  public static final String ALERT_ID = "https://clickpulse.io/schemas/alert-v1.schema.json";
  private static final Path DIR = Paths.get("..", "docs", "schemas");

  private static Schema schema;

  private WebhookSchema() {}

  private static synchronized Schema schema() {
    if (schema == null) {
      Map<String, String> documents =
          Map.of(
              WEBHOOK_ID, read("webhook-v1.schema.json"), ALERT_ID, read("alert-v1.schema.json"));
      SchemaRegistry registry =
          SchemaRegistry.withDefaultDialect(
              SpecificationVersion.DRAFT_2020_12, b -> b.schemas(documents));
      schema = registry.getSchema(SchemaLocation.of(WEBHOOK_ID));
    }
    return schema;
  }

  /** The problems of a webhook body; empty when it is valid. */
  public static List<String> problems(String body) {
    return schema().validate(body, InputFormat.JSON).stream().map(Error::toString).toList();
  }

  public static void assertValid(String body) {
    assertEquals(List.of(), problems(body), body);
  }

  private static String read(String name) {
    try {
      return Files.readString(DIR.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
