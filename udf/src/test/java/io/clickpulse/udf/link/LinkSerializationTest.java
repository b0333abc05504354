package io.clickpulse.udf.link;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The checks travel to Flink tasks and the import summary lives in state: both must serialize. */
class LinkSerializationTest {
  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void checksAndImportSummariesSurviveJavaSerialization() throws Exception {
    LinkChecks checks = roundTrip(Links.CHECKS);
    LinkEvent typo = Links.created("nl-1", 1, "https://shop.acme.com/boots");
    typo.utmSource = "newsleter";
    typo.importId = "imp-1";
    assertEquals(
        List.of("link_unknown_utm"),
        checks.check(null, typo).stream().map(f -> f.check().code()).toList());

    ImportSummary summary = new ImportSummary("imp-1");
    summary.add(typo, checks);
    ImportSummary copy = roundTrip(summary);
    LinkEvent twin = Links.created("nl-2", 1, "https://shop.acme.com/boots/");
    twin.importId = "imp-1";
    copy.add(twin, checks);
    assertEquals(
        List.of("nl-1", "nl-2"),
        copy.report().duplicateDestinations().get("https://shop.acme.com/boots"));
    assertEquals(summary.report().unknownUtm(), copy.report().unknownUtm());
  }
}
