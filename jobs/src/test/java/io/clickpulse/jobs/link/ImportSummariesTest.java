package io.clickpulse.jobs.link;

import static io.clickpulse.jobs.link.LinkEventsForTest.CLEAN;
import static io.clickpulse.jobs.link.LinkEventsForTest.NO_UTM;
import static io.clickpulse.jobs.link.LinkEventsForTest.T0;
import static io.clickpulse.jobs.link.LinkEventsForTest.created;
import static io.clickpulse.jobs.link.LinkEventsForTest.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.clickpulse.jobs.alert.Alert;
import io.clickpulse.jobs.alert.AlertRules;
import io.clickpulse.jobs.testing.JsonSchemas;
import io.clickpulse.udf.link.LinkEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ImportSummariesTest {
  static final Duration QUIET = Duration.ofMinutes(10);
  static final String IMPORT = ",\"import_id\":\"imp-2026-12-05-1\"";

  private KeyedOneInputStreamOperatorTestHarness<String, LinkEvent, Alert> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(
                new ImportSummaries(
                    LinkLifecycleFunctionTest.CHECKS, new LinkAlerts(AlertRules.bundled()), QUIET)),
            e -> e.importId,
            Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(LinkEvent e) throws Exception {
    harness.processElement(new StreamRecord<>(e, e.eventTime));
  }

  @Test
  void oneSummaryAfterTheImportIsQuietThenNothingIsLeft() throws Exception {
    send(created("lnk-1", 1, T0, "https://shop.acme.com/sale", CLEAN + IMPORT));
    send(created("lnk-2", 1, T0 + 1000, "https://shop.acme.com/sale/", CLEAN + IMPORT));
    send(created("lnk-3", 1, T0 + 2000, "https://shop.acme.com/c", NO_UTM + IMPORT));
    // lnk-3 fixed within the import: counted once, with its latest version.
    send(updated("lnk-3", 2, T0 + 3000, "https://shop.acme.com/c", CLEAN + IMPORT));
    send(created("lnk-4", 1, T0 + 4000, "https://shop.acme.com/d", NO_UTM + IMPORT));
    assertEquals(1, harness.numEventTimeTimers(), "one timer per import, moved on");

    harness.processWatermark(T0 + 4000 + QUIET.toMillis() - 1);
    assertEquals(List.of(), harness.extractOutputValues(), "not quiet long enough yet");
    harness.processWatermark(T0 + 4000 + QUIET.toMillis());

    List<Alert> alerts = harness.extractOutputValues();
    assertEquals(1, alerts.size());
    Alert a = alerts.get(0);
    assertEquals("link_import_summary", a.rule);
    assertEquals("warning", a.severity);
    assertEquals("campaign", a.subjectType);
    assertEquals("cmp-winter", a.subjectId);
    assertEquals("maria.jansen@acme.com", a.owner);
    assertEquals("4", a.evidence.get("links"));
    assertEquals("3", a.evidence.get("links_with_problems"));
    assertEquals(
        "{https://shop.acme.com/sale=[lnk-1, lnk-2]}", a.evidence.get("duplicate_destinations"));
    assertEquals("{lnk-4=[utm_source, utm_medium, utm_campaign]}", a.evidence.get("missing_utm"));
    assertEquals(
        "Import imp-2026-12-05-1 made 4 links; 3 need a fix: 2 links share 1 destination,"
            + " 1 lacks required UTM fields.",
        a.reason);
    assertEquals(T0, a.windowStart);
    JsonSchemas.assertValidAlert(a);

    assertEquals(0, harness.numKeyedStateEntries());
    assertEquals(0, harness.numEventTimeTimers());
    harness.processWatermark(T0 + 10 * QUIET.toMillis());
    assertEquals(1, harness.extractOutputValues().size(), "once");
  }

  @Test
  void cleanImportIsInfoAndSeparateImportsAreSummarizedSeparately() throws Exception {
    send(created("lnk-1", 1, T0, "https://shop.acme.com/a", CLEAN + IMPORT));
    send(
        created(
            "lnk-9",
            1,
            T0 + 5 * 60_000,
            "https://shop.acme.com/z",
            "\"owner\":\"U012ABCDEF\",\"import_id\":\"imp-other\""));
    harness.processWatermark(T0 + QUIET.toMillis());
    assertEquals(1, harness.extractOutputValues().size());
    Alert clean = harness.extractOutputValues().get(0);
    assertEquals("info", clean.severity);
    assertEquals("Import imp-2026-12-05-1 made 1 link; none has a problem.", clean.reason);
    harness.processWatermark(T0 + 5 * 60_000 + QUIET.toMillis());
    Alert other = harness.extractOutputValues().get(1);
    assertEquals("link", other.subjectType, "no campaign: about its first link");
    assertEquals("lnk-9", other.subjectId);
    assertEquals("U012ABCDEF", other.owner);
    JsonSchemas.assertValidAlert(other);
    assertEquals(0, harness.numKeyedStateEntries());
  }
}
