package io.clickpulse.jobs.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.clickpulse.jobs.json.Json;
import io.clickpulse.jobs.testing.JsonSchemas;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published alert schema ({@code docs/schemas/alert-v1.schema.json}) holds the producers to
 * their word: a misspelt, missing or mistyped field, or a broken-redirect alert that does not say
 * what fails, is invalid, and the error names where.
 */
class AlertSchemaTest {
  static Stream<Arguments> defects() {
    return Stream.of(
        Arguments.of("valid as produced", (Consumer<ObjectNode>) a -> {}, ""),
        Arguments.of(
            "misspelt field",
            (Consumer<ObjectNode>) a -> a.set("windowStart", a.remove("window_start")),
            "/: required property 'window_start' not found"),
        Arguments.of(
            "unknown context field",
            (Consumer<ObjectNode>) a -> ((ObjectNode) a.get("context")).put("short_link", "x"),
            "/context: property 'short_link' is not defined in the schema"),
        Arguments.of(
            "missing context field",
            (Consumer<ObjectNode>) a -> ((ObjectNode) a.get("context")).remove("failing_share"),
            "/context: required property 'failing_share' not found"),
        Arguments.of(
            "status code as text",
            (Consumer<ObjectNode>)
                a ->
                    ((ObjectNode) a.get("context").get("status_codes").get(0)).put("status", "502"),
            "/context/status_codes/0/status: string found, integer expected"),
        Arguments.of(
            "broken redirect without its statuses",
            (Consumer<ObjectNode>)
                a -> ((ArrayNode) a.get("context").get("status_codes")).removeAll(),
            "/context/status_codes: must have at least 1 items but found 0"),
        Arguments.of(
            "unknown status",
            (Consumer<ObjectNode>) a -> a.put("status", "open"),
            "/status: does not have a value in the enumeration"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defects")
  void aDefectIsNamed(String name, Consumer<ObjectNode> defect, String error) {
    ObjectNode json = Json.MAPPER.valueToTree(brokenRedirect());
    defect.accept(json);

    List<String> errors = JsonSchemas.errors(JsonSchemas.ALERT, json);

    if (error.isEmpty()) {
      assertEquals(List.of(), errors);
    } else {
      assertTrue(errors.stream().anyMatch(e -> e.startsWith(error)), errors.toString());
    }
  }

  /** A broken-redirect alert as the episode operators make it, from two failing minutes. */
  private static Alert brokenRedirect() {
    MinuteObservation first = new MinuteObservation();
    first.subjectType = "link";
    first.subjectId = "l1";
    first.linkId = "l1";
    first.campaignId = "c1";
    first.owner = "ana@shop.example";
    first.minute = Timeline.T0;
    first.clicks = 30;
    first.humanClicks = 30;
    first.redirectErrors = 9;
    first.broken = true;
    first.shortUrl = "https://sho.rt/l1";
    first.destinationUrl = "https://shop.example/l1";
    first.statusCounts =
        List.of(new AlertContext.StatusCount(502, 7), new AlertContext.StatusCount(404, 2));
    first.failingDestinationCounts = List.of(new AlertContext.Count("https://shop.example/l1", 9));
    first.referrerCounts = List.of(new AlertContext.Count("google.com", 30));
    Alert a = new Alert();
    a.rule = "broken_redirect";
    a.severity = "critical";
    a.status = "firing";
    a.subjectType = "link";
    a.subjectId = "l1";
    a.linkId = "l1";
    a.campaignId = "c1";
    a.owner = first.owner;
    a.windowStart = first.minute;
    a.windowEnd = first.minute + 60_000;
    a.observed = 9;
    a.reason = "link l1: 9 of 30 clicks got a failed redirect";
    a.context = AlertContexts.episode(List.of(first));
    return AlertIds.identify(a, "");
  }
}
