package io.clickpulse.jobs.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.kafka.RawRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue #19: an alert record with nulls where the schema has maps or lists is read as empty, so its
 * messages can be built; a record that is not an alert is dead-lettered with the reason.
 */
class ParseAlertsTest {
  private static final String ESSENTIALS =
      "\"alert_id\":\"a1\",\"rule\":\"spike\",\"status\":\"firing\",\"fingerprint\":\"f1\","
          + "\"severity\":\"info\",\"subject_type\":\"link\",\"subject_id\":\"l1\",\"reason\":\"r\"";

  /** The rest of the record after the essentials -> evidence read, or the dead letter's reason. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"evidence\":null'                                    | {}",
        "'\"evidence\":{\"top_referrers\":\"x\",\"k\":null}'    | {top_referrers=x}",
        "'\"context\":null'                                     | {}",
        "'\"context\":{\"top_links\":null,\"status_codes\":null}' | {}",
        "'\"context\":{\"top_links\":[null]}'                   | {}",
        "'\"evidence\":\"not a map\"'                           | dead: unreadable alert: Cannot construct",
        "'\"alert_id\":null'                                    | dead: unreadable alert: alert_id, status, rule and fingerprint are required",
      })
  void nullMapsAndListsReadAsEmptyAndOtherJunkIsDeadLettered(String rest, String expected)
      throws Exception {
    String json = "{" + ESSENTIALS + "," + rest + "}";
    var harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseAlerts());
    harness.processElement(
        new StreamRecord<>(
            new RawRecord("alerts", 0, 7, 1L, json.getBytes(StandardCharsets.UTF_8))));

    List<Alert> alerts = harness.extractOutputValues();
    List<DeliveryDeadLetter> dead = deadLetters(harness);
    if (expected.startsWith("dead: ")) {
      assertEquals(List.of(), alerts);
      assertEquals(1, dead.size());
      assertEquals("alerts/0@7", dead.get(0).webhookId);
      assertTrue(dead.get(0).reason.startsWith(expected.substring(6)), dead.get(0).reason);
    } else {
      assertEquals(List.of(), dead);
      Alert a = alerts.get(0);
      assertEquals(expected, a.evidence.toString());
      // What used to throw in Messages: both bodies build.
      assertTrue(Messages.slack(a).contains("\"blocks\""));
      assertTrue(Messages.webhook(a, 0).contains("\"alert.firing\""));
    }
  }

  private static List<DeliveryDeadLetter> deadLetters(
      OneInputStreamOperatorTestHarness<RawRecord, Alert> harness) {
    var side = harness.getSideOutput(ParseAlerts.UNREADABLE);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }
}
