package io.clickpulse.jobs.crm;

import static io.clickpulse.jobs.crm.DetectCrmSignalsTest.HOUR;
import static io.clickpulse.jobs.crm.DetectCrmSignalsTest.RULES;
import static io.clickpulse.jobs.crm.DetectCrmSignalsTest.T0;
import static io.clickpulse.jobs.crm.DetectCrmSignalsTest.click;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.crm.CrmSignal;
import io.clickpulse.udf.crm.SignalWindows;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published signal schema ({@code docs/schemas/crm-signal-v1.schema.json}) against signals as
 * the rules make them and as the Kafka sink serializes them: valid as produced, and personal data
 * or a misspelt field is invalid, the error naming where.
 */
class CrmSignalSchemaTest {
  static final String SCHEMA = "https://clickpulse.io/schemas/crm-signal-v1.schema.json";

  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of("valid as produced", (Consumer<ObjectNode>) s -> {}, ""),
        Arguments.of(
            "an email as contact id",
            (Consumer<ObjectNode>) s -> s.put("contact_id", "maria@acme.com"),
            "/contact_id: does not match the regex pattern"),
        Arguments.of(
            "personal data added",
            (Consumer<ObjectNode>) s -> s.put("ip", "198.51.100.7"),
            "/: property 'ip' is not defined in the schema"),
        Arguments.of(
            "misspelt field",
            (Consumer<ObjectNode>) s -> s.set("signalId", s.remove("signal_id")),
            "/: required property 'signal_id' not found"),
        Arguments.of(
            "unknown kind",
            (Consumer<ObjectNode>) s -> s.put("kind", "last-click"),
            "/kind: does not have a value in the enumeration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void aDefectIsNamed(String name, Consumer<ObjectNode> defect, String error) throws Exception {
    for (CrmSignal signal : produced()) {
      // As the Kafka sink writes it.
      ObjectNode json =
          (ObjectNode)
              Json.MAPPER.readTree(
                  new String(
                      new CrmSignalSerialization().serialize(signal), StandardCharsets.UTF_8));
      defect.accept(json);
      List<String> errors = JsonSchemas.errors(SCHEMA, json);
      if (error.isEmpty()) {
        assertEquals(List.of(), errors, json.toString());
      } else {
        assertTrue(errors.stream().anyMatch(e -> e.startsWith(error)), errors.toString());
      }
    }
  }

  /** One signal of each kind. */
  static List<CrmSignal> produced() {
    SignalWindows contact = new SignalWindows();
    List<CrmSignal> out = new java.util.ArrayList<>();
    out.addAll(
        contact.offer(click("e1", "hs-88412", T0, "cmp-a", "pricing"), RULES.contactRules()));
    out.addAll(
        contact.offer(
            click("e2", "hs-88412", T0 + HOUR, "cmp-a", "pricing"), RULES.contactRules()));
    SignalWindows partner = new SignalWindows();
    for (int i = 0; i < 3; i++) {
      out.addAll(
          partner.offer(
              click("p" + i, "", T0 + i * 60_000L, "cmp-p").forPartnerRule("acme-hour"),
              RULES.partnerRules()));
    }
    assertEquals(
        List.of("first-click", "tagged-clicks", "partner-volume"),
        out.stream().map(s -> s.kind).toList());
    return out;
  }
}
